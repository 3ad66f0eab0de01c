import { AppError, type ErrorBody } from '@eloquent/contracts';
import { currentContext } from '@eloquent/observability';
import type { NextFunction, Request, Response } from 'express';

export interface BodyLimits {
  /** A JSON body (MAX_PAYLOAD_BYTES). */
  jsonBytes: number;
  /** A multipart upload: all its files and the form around them. */
  uploadBytes: number;
  /** Paths that take multipart uploads. */
  uploadPaths: string[];
}

/** A refused body up to this size is read and discarded after the 413 (see requestBodyGuard). */
export const DRAIN_BYTES = 16 * 1024 * 1024;
/** How long a refused body may take to arrive before the connection is closed. */
export const DRAIN_MS = 10_000;

const JSON_TYPE = /^application\/([\w.+-]+\+)?json\b/i;
const MULTIPART_TYPE = /^multipart\/form-data\b/i;

/**
 * Runs before any body is read (docs/failure-modes.md):
 * - a body the API cannot read — not JSON, or multipart outside the upload routes — is a
 *   415, not silently parsed as an empty object;
 * - a declared `Content-Length` above the limit is a 413 at once, without waiting for a body
 *   that may never come. Most HTTP clients (fetch/undici among them) send the whole body
 *   before they read the answer, so closing at once made them fail with EPIPE instead of
 *   seeing the 413: a body of up to DRAIN_BYTES is read and thrown away after the answer (for
 *   at most DRAIN_MS), and the connection stays usable. A larger one is not read: the
 *   connection is closed once the answer is sent.
 */
export function requestBodyGuard(limits: BodyLimits) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.path.startsWith('/socket.io')) return next();
    const declared = req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']);
    const hasBody = (declared !== undefined && declared > 0) || req.headers['transfer-encoding'] !== undefined;
    if (!hasBody) return next();
    const type = req.headers['content-type'] ?? '';
    const upload = MULTIPART_TYPE.test(type) && limits.uploadPaths.includes(req.path);
    if (!upload && !JSON_TYPE.test(type)) {
      return refuse(req, res, new AppError('VALIDATION_FAILED', `Unsupported Content-Type '${type || '(none)'}': send application/json`, 415));
    }
    const limit = upload ? limits.uploadBytes : limits.jsonBytes;
    if (declared !== undefined && declared > limit) {
      const error = new AppError('PAYLOAD_TOO_LARGE', `The body declares ${declared} bytes; at most ${limit} are accepted`);
      if (declared > DRAIN_BYTES) return refuse(req, res, error, true);
      drain(req);
      return refuse(req, res, error);
    }
    next();
  };
}

function refuse(req: Request, res: Response, error: AppError, close = false): void {
  const body: ErrorBody = error.toBody(currentContext()?.correlationId);
  if (close) res.setHeader('Connection', 'close');
  res.status(error.status).json({ error: body });
  // The body was never read: with the connection closing, it is not waited for either.
  if (close) res.on('finish', () => req.socket.destroySoon());
}

/** Reads a refused body and throws it away, so the client can finish sending it; closes the connection if it takes over DRAIN_MS. */
function drain(req: Request): void {
  const timer = setTimeout(() => req.socket.destroy(), DRAIN_MS);
  const done = () => clearTimeout(timer);
  req.once('end', done).once('close', done);
  req.resume();
}
