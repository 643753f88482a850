/**
 * Directives received as documents: POST /v1/inbound/edxml takes an EDXML package (QCVN 102:2016) as its raw
 * XML body, and a directive's attachments are listed and downloaded by those who see it. The package is parsed in
 * a drafting thread (services/inbound.ts); the body is bytes, so the route is documented through the registry.
 */
import { z } from '@hono/zod-openapi';
import { inboundStatusMessage } from '../../services/edxml-status';
import { getAttachment, listAttachments, receiveEdxml } from '../../services/inbound';
import { MAX_IMPORT_BYTES, MULTIPART_OVERHEAD_BYTES } from '../../services/imports';
import { uploadTooLarge } from '../../services/import-read';
import type { AppDeps } from '../../services/deps';
import { jsonContent, type ApiApp } from '../env';
import { ApiProblem } from '../problems';
import { errorResponses, principalOf, security } from './common';

const XML_TYPES = /^(application|text)\/(?:[\w.+-]+\+)?xml\b/;
const organ = z.object({ organId: z.string(), organName: z.string().nullable(), unitCode: z.string() });
const attachment = z.object({ contentId: z.string(), name: z.string(), contentType: z.string(), size: z.number(), sha256: z.string() });
const inboundResult = z
  .object({
    directiveId: z.string(),
    documentId: z.string(),
    created: z.boolean().openapi({ description: 'false: the package had been received before; nothing was written' }),
    number: z.string(),
    codeNumber: z.string(),
    codeNotation: z.string(),
    issuedOn: z.string(),
    subject: z.string(),
    documentType: z.string().nullable(),
    dueDate: z.string().nullable(),
    steeringType: z.string().nullable(),
    signer: z.string().nullable(),
    sender: organ,
    recipients: z.array(organ),
    attachments: z.array(attachment),
    draft: z
      .object({ contentId: z.string(), tasks: z.array(z.record(z.string(), z.unknown())) })
      .nullable()
      .openapi({ description: 'Draft tasks from the first DOCX or PDF attached, as POST /v1/directives/drafts answers them' }),
  })
  .openapi('InboundEdxml');
const directiveParam = { name: 'id', in: 'path' as const, required: true, schema: { type: 'string' as const } };

export function registerInboundRoutes(app: ApiApp, deps: AppDeps): void {
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/v1/inbound/edxml',
    tags: ['inbound'],
    summary: 'Receive an EDXML package: a directive with its facts, recipients and attachments, and draft tasks from its notice',
    description:
      'The raw package (application/xml). Idempotent on MessageHeader/DocumentId: the same package again answers created: false. ' +
      'Organs (From, To) are units by OrganId = unit code or by OrganName; an unknown organ is 422 naming it. No DOCTYPE or entity ' +
      'declaration is accepted (400); the package, each attachment and their total are bounded by IMPORT_MAX_UPLOAD_BYTES (413), the ' +
      'nesting by 64 elements; the attached DOCX or PDF is drafted within the draft bounds, and its refusal names the attachment.',
    security,
    request: { body: { required: true, content: { 'application/xml': { schema: z.string() } } } },
    responses: { 200: jsonContent(inboundResult, 'The directive received'), ...errorResponses },
  });
  app.post('/v1/inbound/edxml', async (c) => {
    const principal = principalOf(c);
    const type = (c.req.header('content-type') ?? '').toLowerCase();
    if (!XML_TYPES.test(type))
      throw new ApiProblem(415, 'media-type', `send the EDXML package as application/xml; not ${type || 'a body without a type'}`);
    const length = Number(c.req.header('content-length') ?? 0);
    if (length > MAX_IMPORT_BYTES + MULTIPART_OVERHEAD_BYTES) throw uploadTooLarge(length, MAX_IMPORT_BYTES);
    return c.json(await receiveEdxml(deps, principal, new Uint8Array(await c.req.arrayBuffer())), 200);
  });

  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/v1/inbound/edxml/{documentId}/status',
    tags: ['inbound'],
    summary: "A received package's status as an EDXML status message (QCVN 102 Status): received, assigned or completed",
    description:
      'StatusCode 03 received (đã tiếp nhận), 04 assigned (a task of it is assigned), 06 completed (every assignment answering to ' +
      'no unit is completed); ResponseFor names the package (DocumentId, its organ, number and date). For those who see the directive.',
    security,
    request: { params: z.object({ documentId: z.string().openapi({ param: { name: 'documentId', in: 'path', required: true } }) }) },
    responses: { 200: { description: 'The status message', content: { 'application/xml': { schema: z.string() } } }, ...errorResponses },
  });
  app.get('/v1/inbound/edxml/:documentId/status', async (c) =>
    c.body(await inboundStatusMessage(deps, principalOf(c), c.req.param('documentId')), 200, {
      'content-type': 'application/xml; charset=utf-8',
    }),
  );

  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/v1/directives/{id}/attachments',
    tags: ['inbound'],
    summary: "A directive's attachments (from its EDXML package), for those who see the directive",
    security,
    request: { params: z.object({ id: z.string().openapi({ param: directiveParam }) }) },
    responses: { 200: jsonContent(z.object({ items: z.array(attachment) }), 'Attachments'), ...errorResponses },
  });
  app.get('/v1/directives/:id/attachments', async (c) =>
    c.json({ items: await listAttachments(deps, principalOf(c), c.req.param('id')) }, 200),
  );

  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/v1/directives/{id}/attachments/{sha256}',
    tags: ['inbound'],
    summary: 'One attachment, by its SHA-256, as it was sent',
    security,
    request: {
      params: z.object({
        id: z.string().openapi({ param: directiveParam }),
        sha256: z.string().openapi({ param: { name: 'sha256', in: 'path', required: true } }),
      }),
    },
    responses: {
      200: { description: 'The file', content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } } },
      ...errorResponses,
    },
  });
  app.get('/v1/directives/:id/attachments/:sha256', async (c) => {
    const sha256 = c.req.param('sha256');
    if (!/^[0-9a-f]{64}$/.test(sha256))
      throw new ApiProblem(400, 'validation', 'sha256: 64 hexadecimal digits', [{ field: 'sha256', reason: '64 hexadecimal digits' }]);
    const file = await getAttachment(deps, principalOf(c), c.req.param('id'), sha256);
    const ascii = file.name.replace(/[^\x20-\x7e]|["\\]/g, '_');
    return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': file.contentType.replace(/[\r\n]/g, ''),
      'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      'x-content-type-options': 'nosniff',
    });
  });
}
