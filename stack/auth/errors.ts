import type { ServerResponse } from 'node:http';

/**
 * GoTrue's error codes and messages (compat doc §3.3). With the request header
 * `X-Supabase-Api-Version: 2024-01-01` (auth-js always sends it) the body is `{code, message}`;
 * without it, the legacy `{code: <status>, error_code, msg}`.
 */
export const authErrors = {
  invalidCredentials: [400, 'invalid_credentials', 'Invalid login credentials'],
  emailNotConfirmed: [400, 'email_not_confirmed', 'Email not confirmed'],
  userBanned: [400, 'user_banned', 'User is banned'],
  userAlreadyExists: [422, 'user_already_exists', 'User already registered'],
  emailExists: [422, 'email_exists', 'A user with this email address has already been registered'],
  signupDisabled: [422, 'signup_disabled', 'Signups not allowed for this instance'],
  anonymousDisabled: [422, 'anonymous_provider_disabled', 'Anonymous sign-ins are disabled'],
  otpDisabled: [422, 'otp_disabled', 'Signups not allowed for otp'],
  samePassword: [422, 'same_password', 'New password should be different from the old password.'],
  validationFailed: [400, 'validation_failed', 'Unable to validate request'],
  emailInvalid: [400, 'email_address_invalid', 'Unable to validate email address: invalid format'],
  badJson: [400, 'bad_json', 'Could not parse request body as JSON'],
  requestTooLarge: [413, 'request_entity_too_large', 'Request body too large (max 1048576 bytes)'],
  refreshTokenNotFound: [400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found'],
  refreshTokenAlreadyUsed: [400, 'refresh_token_already_used', 'Invalid Refresh Token: Already Used'],
  sessionNotFoundRefresh: [400, 'session_not_found', 'Invalid Refresh Token: No Valid Session Found'],
  noAuthorization: [401, 'no_authorization', 'This endpoint requires a valid Bearer token'],
  badJwt: [403, 'bad_jwt', 'invalid JWT: unable to parse or verify signature, token is malformed'],
  badJwtExpired: [
    403,
    'bad_jwt',
    'invalid JWT: unable to parse or verify signature, token has invalid claims: token is expired',
  ],
  userNotFoundFromJwt: [403, 'user_not_found', 'User from sub claim in JWT does not exist'],
  sessionNotFound: [403, 'session_not_found', 'Session from session_id claim in JWT does not exist'],
  notAdmin: [403, 'not_admin', 'User not allowed'],
  userNotFound: [404, 'user_not_found', 'User not found'],
  otpExpired: [403, 'otp_expired', 'Token has expired or is invalid'],
  overRequestRateLimit: [429, 'over_request_rate_limit', 'Request rate limit reached'],
  overEmailSendRateLimit: [429, 'over_email_send_rate_limit', 'Email rate limit exceeded'],
  notFound: [404, 'not_found', 'Not Found'],
  methodNotAllowed: [405, 'method_not_allowed', 'Method Not Allowed'],
  unexpected: [500, 'unexpected_failure', 'Database error saving new user'],
} as const satisfies Record<string, readonly [number, string, string]>;

export type AuthErrorSpec = readonly [number, string, string];

/** Thrown by handlers; the router turns it into GoTrue's error response. */
export class AuthError extends Error {
  readonly status: number;
  readonly code: string;
  readonly extra: Record<string, unknown>;
  readonly headers: Record<string, string>;
  constructor(
    spec: AuthErrorSpec,
    message?: string,
    extra: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) {
    super(message ?? spec[2]);
    this.status = spec[0];
    this.code = spec[1];
    this.extra = extra;
    this.headers = headers;
  }
}

export const API_VERSION = '2024-01-01';

export function sendAuthError(res: ServerResponse, error: AuthError, apiVersioned: boolean): void {
  const body = apiVersioned
    ? { code: error.code, message: error.message, ...error.extra }
    : { code: error.status, error_code: error.code, msg: error.message, ...error.extra };
  const headers: Record<string, string> = {
    ...error.headers,
    'content-type': 'application/json',
    'x-sb-error-code': error.code,
  };
  if (apiVersioned) headers['x-supabase-api-version'] = API_VERSION;
  res.writeHead(error.status, headers).end(JSON.stringify(body));
}
