/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * The coordinators' EDXML upload: the package goes to the same service as POST /v1/inbound/edxml (receiveEdxml),
 * and the page shows the directive it made, or had made before, with its draft tasks committed through the
 * directive's draft commit. Attachments download for whoever sees the directive (the service decides, 404 else).
 */
import { unitName } from '../../domain/units';
import { getAttachment, receiveEdxml, type InboundView } from '../../services/inbound';
import { authorize } from '../../services/use-cases';
import { INBOUND_TEXT } from '../inbound-text';
import { InboundPage } from '../pages/inbound';
import { csrfOf, me, notFoundPage, page, type PageStatus, type WebApp, type WebContext, type WebDeps } from './context';
import { uploadRefusal } from './refusals';

/** An EDXML package by its declared type or its name (browsers often send .edxml as octet-stream or nothing). */
const XML_TYPES = /^(application|text)\/(?:[\w.+-]+\+)?xml\b/i;
const isPackageFile = (f: File) => XML_TYPES.test(f.type) || /\.(edxml|xml)$/i.test(f.name);

export function inboundRoutes(web: WebApp, { deps, unit }: WebDeps) {
  const t = (c: WebContext) => INBOUND_TEXT[c.get('lang')];
  const inboundPage = (c: WebContext, props: Omit<Parameters<typeof InboundPage>[0], 'lang' | 'csrf'>, status: PageStatus = 200) => {
    if (status !== 200) c.set('auditStatus', status);
    return page(c, t(c).title, <InboundPage lang={c.get('lang')} csrf={csrfOf(c)} {...props} />, status);
  };
  const namesOf = (c: WebContext, v: InboundView) =>
    Object.fromEntries([v.sender, ...v.recipients].map((o) => [o.unitCode, unitName(c.get('lang'), unit(o.unitCode), o.unitCode)]));

  web.get('/inbound', (c) => {
    authorize(me(c), 'registerDirectives');
    return inboundPage(c, {});
  });

  web.post('/inbound', async (c) => {
    const principal = me(c);
    // Asked before the form is read here (the service asks again).
    authorize(principal, 'registerDirectives');
    const form = await c.req.parseBody({ all: true });
    const upload = [form.file].flat()[0];
    if (!(upload instanceof File) || upload.size === 0) {
      return inboundPage(c, { refusal: { message: t(c).required, errors: [{ field: 'file', reason: 'required' }] }, status: 400 }, 400);
    }
    if (!isPackageFile(upload)) {
      const detail = t(c).notXml(upload.type || upload.name);
      return inboundPage(
        c,
        { refusal: { message: detail, errors: [{ field: 'file', reason: 'unsupported media type' }] }, status: 415 },
        415,
      );
    }
    try {
      const received = await receiveEdxml(deps, principal, new Uint8Array(await upload.arrayBuffer()));
      return inboundPage(c, { received, unitNames: namesOf(c, received) });
    } catch (err) {
      const shown = uploadRefusal(err);
      if (!shown) throw err;
      return inboundPage(c, { refusal: shown.refusal, status: shown.status }, shown.status);
    }
  });

  web.get('/directives/:id/attachments/:sha256', async (c) => {
    const sha256 = c.req.param('sha256');
    if (!/^[0-9a-f]{64}$/.test(sha256)) return notFoundPage(c);
    const file = await getAttachment(deps, me(c), c.req.param('id'), sha256);
    // The name as sent, quoted safely for the header; the type as sent, never sniffed into something the page runs.
    const ascii = file.name.replace(/[^\x20-\x7e]|["\\]/g, '_');
    return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': file.contentType.replace(/[\r\n]/g, ''),
      'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      'x-content-type-options': 'nosniff',
    });
  });
}
