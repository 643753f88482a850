/** Where people open things: the web pages' addresses, used in emails, webhooks and calendar feeds. */

export function assignmentLink(publicUrl: string, taskId: string, unitCode: string): string {
  return `${publicUrl}/tasks/${encodeURIComponent(taskId)}/assignments/${encodeURIComponent(unitCode)}`;
}

export function apiAssignmentLink(publicUrl: string, taskId: string, unitCode: string): string {
  return `${publicUrl}/v1/tasks/${encodeURIComponent(taskId)}/assignments/${encodeURIComponent(unitCode)}`;
}
