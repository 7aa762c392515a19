import { PUBLIC_JWKS } from '../../config/jwt.ts';
import type { Handler } from '../domain/context.ts';
import { sendJson } from '../internal/http.ts';

/** GET /settings — what the project allows (supabase/auth `internal/api/settings.go`). */
export const settings: Handler = (ctx, request) => {
  sendJson(request.res, 200, {
    external: {
      email: ctx.config.email.enableSignup,
      phone: false,
      anonymous_users: ctx.config.enableAnonymousSignIns,
      apple: false,
      azure: false,
      bitbucket: false,
      discord: false,
      facebook: false,
      figma: false,
      github: false,
      gitlab: false,
      google: false,
      keycloak: false,
      kakao: false,
      linkedin_oidc: false,
      notion: false,
      slack_oidc: false,
      spotify: false,
      twitch: false,
      twitter: false,
      workos: false,
      zoom: false,
    },
    disable_signup: !ctx.config.enableSignup,
    mailer_autoconfirm: !ctx.config.email.enableConfirmations,
    phone_autoconfirm: false,
    sms_provider: '',
    saml_enabled: false,
    saml_private_key_next_configured: false,
    passkeys_enabled: false,
  });
  return Promise.resolve();
};

export const health: Handler = (_ctx, request) => {
  sendJson(request.res, 200, {
    version: 'health-connect-stack',
    name: 'GoTrue',
    description: 'GoTrue is a user registration and authentication API',
  });
  return Promise.resolve();
};

/**
 * GET /.well-known/jwks.json — the public half of the key user tokens are signed with, never
 * the HMAC secret (supabase/auth `internal/api/jwks.go`); auth-js `getClaims()` verifies with it.
 */
export const jwks: Handler = (_ctx, request) => {
  sendJson(request.res, 200, PUBLIC_JWKS, { 'cache-control': 'public, max-age=600' });
  return Promise.resolve();
};
