import { assertPasswordWithoutAccount } from '../../core/domain/password-policy';

/**
 * The core judge (judgedBy) of a password change's body, by the contract's
 * names: one for admin's POST /auth/password schema and the web's own
 * password form, each with its own zod limits (the web's are deliberately
 * looser: it relays to admin, which judges again). When a form refuses
 * another field first, the new password still hears the policy's rules that
 * need no account; the whole policy runs in the use case.
 */
export const judgePasswordChange = (body: { password_nueva?: string }) => assertPasswordWithoutAccount(body.password_nueva, 'password_nueva');
