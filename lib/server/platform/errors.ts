import "server-only";
import { ERROR_STATUS, type ErrorCode } from "@/lib/schemas/error-codes";
import type { FieldIssue } from "@/lib/schemas/generation";

/** An error we mean to show: a code from the one list (which gives its status) and one plain sentence. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: { issues?: FieldIssue[]; retryAfterS?: number; body?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = "AppError";
    this.status = ERROR_STATUS[code];
  }
}

export const notFound = (what: string) => new AppError("not_found", `${what} was not found`);

export type ErrorBody = { error: { code: ErrorCode; message: string; issues?: FieldIssue[]; requestId?: string } };
