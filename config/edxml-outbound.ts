/**
 * Where dondoc's own EDXML packages go (issue 34's way back): the completion reports and the status messages of a
 * received package, POSTed to one endpoint (the document exchange's gateway or an e-office system) and signed as
 * webhooks are. Null: nothing is enqueued and GET …/status still answers, from `organ`.
 */
export interface EdxmlOutbound {
  url: string;
  /** Standard Webhooks secret (whsec_…) the endpoint verifies the signature with. */
  secret: string;
  /** The organ dondoc speaks for in status messages (the receiving office): MessageHeader From / Status From. */
  organ: { organId: string; organName: string };
}

export const DEFAULT_EDXML_ORGAN = { organId: 'vpcp', organName: 'Văn phòng Chính phủ' };
