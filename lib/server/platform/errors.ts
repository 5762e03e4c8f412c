import "server-only";
import type { FieldIssue } from "@/lib/schemas/generation";

/** An error we mean to show: a status, a snake_case code and one plain sentence. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: { issues?: FieldIssue[]; retryAfterS?: number; body?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const notFound = (what: string) => new AppError(404, "not_found", `${what} was not found`);

export type ErrorBody = { error: { code: string; message: string; issues?: FieldIssue[]; requestId?: string } };
