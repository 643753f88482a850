/** The words of the EDXML package page, in the dashboard's two languages. */
import type { Lang } from './i18n';

const EN = {
  title: 'Receive an EDXML package',
  link: 'Receive an EDXML package',
  file: 'EDXML package (.edxml or .xml)',
  receive: 'Receive',
  refused: 'The package cannot be received',
  required: 'choose the package file',
  notXml: (type: string) => `send the EDXML package as an .edxml or .xml file (application/xml); not ${type}`,
  received: 'Received: a new directive',
  already: 'Already received: this package was received before, nothing was written again',
  number: 'Number',
  notation: 'Notation',
  issuer: 'Issuer',
  issuedOn: 'Issued on',
  subject: 'Subject',
  documentType: 'Document type',
  dueDate: 'Due date',
  signer: 'Signed by',
  recipients: 'Recipients',
  attachments: 'Attachments',
  noAttachments: 'No attachments.',
  drafts: 'Draft tasks from the attached notice',
  noNotice: 'No DOCX or PDF is attached: there is nothing to draft from.',
  directive: 'The directive',
};
type InboundText = typeof EN;

const VI: InboundText = {
  title: 'Tiếp nhận gói tin EDXML',
  link: 'Tiếp nhận gói tin EDXML',
  file: 'Gói tin EDXML (.edxml hoặc .xml)',
  receive: 'Tiếp nhận',
  refused: 'Không tiếp nhận được gói tin',
  required: 'chọn tệp gói tin',
  notXml: (type: string) => `gửi gói tin EDXML dưới dạng tệp .edxml hoặc .xml (application/xml); không phải ${type}`,
  received: 'Đã tiếp nhận: văn bản chỉ đạo mới',
  already: 'Đã tiếp nhận trước đây: gói tin này đã được tiếp nhận, không ghi lại lần nữa',
  number: 'Số, ký hiệu',
  notation: 'Ký hiệu',
  issuer: 'Cơ quan ban hành',
  issuedOn: 'Ngày ban hành',
  subject: 'Trích yếu',
  documentType: 'Loại văn bản',
  dueDate: 'Hạn xử lý',
  signer: 'Người ký',
  recipients: 'Nơi nhận',
  attachments: 'Tệp đính kèm',
  noAttachments: 'Không có tệp đính kèm.',
  drafts: 'Dự thảo nhiệm vụ từ văn bản đính kèm',
  noNotice: 'Không có tệp DOCX hoặc PDF đính kèm: không có gì để soạn.',
  directive: 'Văn bản chỉ đạo',
};

export const INBOUND_TEXT: Record<Lang, InboundText> = { vi: VI, en: EN };
