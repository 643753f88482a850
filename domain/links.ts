/** Where people open things: the web dashboard's page of an assignment (used in emails, digests and webhooks), and its API resource. */

export function assignmentLink(publicUrl: string, taskId: string, unitCode: string): string {
  return `${publicUrl}/web/assignments/${encodeURIComponent(taskId)}/${encodeURIComponent(unitCode)}`;
}

export function apiAssignmentLink(publicUrl: string, taskId: string, unitCode: string): string {
  return `${publicUrl}/v1/tasks/${encodeURIComponent(taskId)}/assignments/${encodeURIComponent(unitCode)}`;
}
