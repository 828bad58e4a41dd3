// SP-API error bodies. Every failure is `{errors:[{code, message, details}]}` (ErrorList in each
// model); the codes and messages below are the ones Amazon really sends for these situations.

export interface SpError { code: string; message: string; details?: string }

/** Thrown by handlers; the router turns it into the status and ErrorList body. */
export class SpApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details = '') {
    super(message);
  }
  body(): { errors: SpError[] } {
    return { errors: [{ code: this.code, message: this.message, details: this.details }] };
  }
}

export const invalidInput = (details: string, message = 'Invalid Input'): SpApiError => new SpApiError(400, 'InvalidInput', message, details);
export const notFound = (message: string, details = ''): SpApiError => new SpApiError(404, 'NOT_FOUND', message, details);

// Authentication failures are 403 "Unauthorized" with the reason in `details` (not 401).
const DENIED = 'Access to requested resource is denied.';
export const tokenMissing = (): SpApiError => new SpApiError(403, 'Unauthorized', DENIED, 'Access token is missing in the request header.');
export const tokenExpired = (): SpApiError => new SpApiError(403, 'Unauthorized', DENIED, 'The access token you provided has expired.');
export const tokenInvalid = (): SpApiError => new SpApiError(403, 'Unauthorized', DENIED, 'The access token you provided is revoked, malformed or invalid.');
export const sellerMismatch = (): SpApiError => new SpApiError(403, 'Unauthorized', DENIED, 'The sellerId in the request is not the seller who authorised this application.');

export const quotaExceeded = (): SpApiError => new SpApiError(429, 'QuotaExceeded', 'You exceeded your quota for the requested resource.');
export const internalFailure = (): SpApiError => new SpApiError(500, 'InternalFailure', 'We encountered an internal error. Please try again.');
export const serviceUnavailable = (): SpApiError => new SpApiError(503, 'ServiceUnavailable', 'Service temporarily unavailable. Please try again.');
