/**
 * The unit's outgoing document: POST /v1/tasks/{taskId}/assignments/{unitCode}/documents?name=… takes the file as the
 * raw body (bounded by IMPORT_MAX_UPLOAD_BYTES), stores it by SHA-256 and answers the sha256 the completion names
 * (`documentSha256`), so the EDXML report carries the file. Raw bytes, so the route is documented through the registry.
 */
import { z } from '@hono/zod-openapi';
import { assertMayUpload, uploadAssignmentDocument } from '../../services/assignment-document-upload';
import type { AppDeps } from '../../services/deps';
import { MAX_IMPORT_BYTES, MULTIPART_OVERHEAD_BYTES } from '../../services/imports';
import { uploadTooLarge } from '../../services/import-read';
import { jsonContent, type ApiApp } from '../env';
import { ApiProblem } from '../problems';
import { errorResponses, principalOf, security } from './common';

const documentResult = z
  .object({
    sha256: z.string(),
    name: z.string(),
    contentType: z.string(),
    size: z.number().int(),
    created: z.boolean().openapi({ description: 'false: the same file had been uploaded to the assignment before' }),
  })
  .openapi('AssignmentDocument');

export function registerAssignmentDocumentRoutes(app: ApiApp, deps: AppDeps): void {
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/v1/tasks/{taskId}/assignments/{unitCode}/documents',
    tags: ['assignments'],
    summary: "Upload the unit's outgoing document (the file its completion report names by documentSha256)",
    description:
      'The file as the raw body, its type as Content-Type (e.g. application/pdf), its name in ?name=. At most IMPORT_MAX_UPLOAD_BYTES ' +
      '(413). Stored once per SHA-256; the same file again answers created: false. Whoever may complete the assignment may upload.',
    security,
    request: {
      params: z.object({
        taskId: z.string().openapi({ param: { name: 'taskId', in: 'path', required: true } }),
        unitCode: z.string().openapi({ param: { name: 'unitCode', in: 'path', required: true } }),
      }),
      query: z.object({ name: z.string().min(1).max(200) }),
      body: { required: true, content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } } },
    },
    responses: { 200: jsonContent(documentResult, 'The stored file'), ...errorResponses },
  });
  app.post('/v1/tasks/:taskId/assignments/:unitCode/documents', async (c) => {
    const principal = principalOf(c);
    // Who may not see or complete the assignment learns nothing from how the body is refused.
    await assertMayUpload(deps, principal, c.req.param('taskId'), c.req.param('unitCode'));
    const type = (c.req.header('content-type') ?? 'application/octet-stream').toLowerCase();
    if (/^multipart\/|json/.test(type))
      throw new ApiProblem(415, 'media-type', `send the file itself as the body, with its own type; not ${type}`);
    const name = c.req.query('name');
    if (!name) throw new ApiProblem(400, 'validation', 'name: required', [{ field: 'name', reason: 'required (the file name)' }]);
    const length = Number(c.req.header('content-length') ?? 0);
    if (length > MAX_IMPORT_BYTES + MULTIPART_OVERHEAD_BYTES) throw uploadTooLarge(length, MAX_IMPORT_BYTES);
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const doc = await uploadAssignmentDocument(
      deps,
      principal,
      c.req.param('taskId'),
      c.req.param('unitCode'),
      { bytes, name, contentType: type },
      MAX_IMPORT_BYTES,
    );
    return c.json(doc, 200);
  });
}
