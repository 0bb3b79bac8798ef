import 'server-only';
import { ZodError } from 'zod';
import type { ApiErrorBody } from '@/lib/contracts/errors';

/** Every error a route can answer with. Thrown anywhere in lib/server, mapped once in http.ts. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }

  toBody(): ApiErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) } };
  }
}

export class BadRequest extends AppError {
  constructor(message: string, field?: string, code = 'BAD_REQUEST') {
    super(400, code, message, field);
  }
}
export class Unauthorized extends AppError {
  constructor(message = 'Sign in to use the console', code = 'UNAUTHORIZED') {
    super(401, code, message);
  }
}
export class Forbidden extends AppError {
  constructor(message: string, code = 'FORBIDDEN') {
    super(403, code, message);
  }
}
export class NotFound extends AppError {
  constructor(message: string, field?: string) {
    super(404, 'NOT_FOUND', message, field);
  }
}
export class Conflict extends AppError {
  constructor(message: string, field?: string, code = 'CONFLICT') {
    super(409, code, message, field);
  }
}
export class PayloadTooLarge extends AppError {
  constructor(message: string, field?: string) {
    super(413, 'PAYLOAD_TOO_LARGE', message, field);
  }
}
export class Unprocessable extends AppError {
  constructor(message: string, field?: string, code = 'UNPROCESSABLE') {
    super(422, code, message, field);
  }
}
export class TooManyRequests extends AppError {
  constructor(message: string) {
    super(429, 'TOO_MANY_REQUESTS', message);
  }
}
export class Unavailable extends AppError {
  constructor(message: string, code = 'KAFKA_UNAVAILABLE') {
    super(503, code, message);
  }
}

/** A ZodError becomes a 400 naming the first offending field and why. */
export function fromZodError(err: ZodError): BadRequest {
  const issue = err.issues[0];
  const field = issue && issue.path.length ? issue.path.join('.') : undefined;
  const message = issue ? `${field ?? 'body'}: ${issue.message}` : 'invalid input';
  return new BadRequest(message, field, 'VALIDATION_FAILED');
}
