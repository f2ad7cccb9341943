/** The final response to a REGISTER, for the composition root to send (`accept`/`reject`). */
export interface RegisterReply {
  status: number;
  reason: string;
  /** Header lines: `Contact: …`, `Date: …`, `Min-Expires: …`. */
  headers: string[];
}

export function reply(status: number, reason: string, headers: string[] = []): RegisterReply {
  return { status, reason, headers };
}
