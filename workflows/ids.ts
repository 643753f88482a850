/** Workflow ids derived from domain ids, so a retried start can never create a second workflow. */
export function assignmentWorkflowId(taskId: string, unitCode: string): string {
  return `assignment/${taskId}/${unitCode}`;
}

export function fanoutWorkflowId(taskId: string): string {
  return `fanout/${taskId}`;
}
