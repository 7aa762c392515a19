// Messages for the auth forms, kept apart from the zod schemas so a page can show them without
// loading the validation code, which the login page fetches only when the form is submitted.

/** Field → first message, for showing errors next to their fields (any zod schema's error). */
export function formErrors(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }) {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message;
  return errors;
}

/** GoTrue's error codes, in words for the person at the form. */
export function authMessage(error: {
  code?: string | undefined;
  message: string;
  status?: number | undefined;
}): string {
  switch (error.code) {
    case 'invalid_credentials':
      return 'Wrong email or password.';
    case 'user_already_exists':
    case 'email_exists':
      return 'An account with this email already exists. Sign in instead, or reset your password.';
    case 'weak_password':
      return 'That password is too weak. Use at least 8 characters.';
    case 'email_not_confirmed':
      return 'Confirm your email address first: open the link we sent you.';
    case 'over_request_rate_limit':
    case 'over_email_send_rate_limit':
      return 'Too many attempts. Wait a minute and try again.';
    case 'same_password':
      return 'Choose a password different from your current one.';
    case 'unexpected_failure':
      return 'The account could not be created. Check your details and try again.';
  }
  if (error.status === 0 || /fetch|network/i.test(error.message)) {
    return 'You seem to be offline. Check your connection and try again.';
  }
  return error.message;
}
