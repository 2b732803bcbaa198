// The reader account pages. Every form posts its CSRF token in `_csrf`; passwords are never sent back.
import type { ComponentChildren } from 'preact';
import type { LayoutContext } from '../render.js';
import { accountMessage } from '../../domain/account-messages.js';
import type { SessionInfo } from '../../services/auth.service.js';
import type { FeeStatement, ReaderProfile } from '../../services/profile.service.js';
import type { PasswordRule } from '../../domain/passwords/policy.js';
import { CAPTCHA_POW_SCRIPT_PATH } from '../../services/captcha.js';
import { deviceLabel } from './device-label.js';

export interface FieldErrors {
  [field: string]: string[] | undefined;
}

function Csrf({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

/** A notice (role=status) or an error (role=alert) above a form. */
export function Notice({ text, error }: { text: string | null | undefined; error?: boolean }) {
  if (!text) return null;
  return error ? (
    <div class="notice notice-error" role="alert">
      <p>{text}</p>
    </div>
  ) : (
    <div class="notice" role="status">
      <p>{text}</p>
    </div>
  );
}

function ErrorList({ errors, summary, ctx }: { errors: FieldErrors; summary?: boolean; ctx: LayoutContext }) {
  const all = Object.values(errors).flatMap((e) => e ?? []);
  if (!all.length || !summary) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{ctx.t.account.errorsTitle}</h2>
      <ul>
        {all.map((m, i) => (
          <li key={i}>{m}</li>
        ))}
      </ul>
    </div>
  );
}

/** A labelled input with its hint and its errors (aria-describedby, aria-invalid). */
function Field(p: {
  id: string;
  name: string;
  label: string;
  type?: string;
  value?: string;
  hint?: ComponentChildren;
  errors?: string[];
  autoComplete?: string;
  required?: boolean;
}) {
  const errs = p.errors ?? [];
  const describedBy = [p.hint ? `${p.id}-hint` : null, errs.length ? `${p.id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div class={errs.length ? 'field field-error' : 'field'}>
      <label for={p.id}>{p.label}</label>
      {p.hint ? (
        <div class="hint" id={`${p.id}-hint`}>
          {p.hint}
        </div>
      ) : null}
      {errs.length ? (
        <ul class="field-errors" id={`${p.id}-error`}>
          {errs.map((e, i) => (
            <li key={i}>{e}</li>
          ))}
        </ul>
      ) : null}
      <input
        id={p.id}
        name={p.name}
        type={p.type ?? 'text'}
        value={p.value ?? ''}
        autoComplete={p.autoComplete}
        required={p.required}
        aria-invalid={errs.length ? 'true' : undefined}
        aria-describedby={describedBy}
      />
    </div>
  );
}

export function SignInPage(p: { ctx: LayoutContext; csrf: string; identifier: string; remember: boolean; next: string | null; error: string | null; info: string | null }) {
  const t = p.ctx.t.account;
  return (
    <section class="account-form">
      <h1>{t.signInTitle}</h1>
      <Notice text={p.info} />
      <Notice text={p.error} error />
      <form method="post" action="/connexion" novalidate>
        <Csrf token={p.csrf} />
        {p.next ? <input type="hidden" name="next" value={p.next} /> : null}
        <Field id="identifier" name="identifier" label={t.identifier} hint={t.identifierHint} value={p.identifier} autoComplete="username" required />
        <Field id="password" name="password" label={t.password} type="password" autoComplete="current-password" required />
        <div class="field checkbox">
          <input id="remember" name="remember" type="checkbox" value="on" checked={p.remember} aria-describedby="remember-hint" />
          <label for="remember">{t.remember}</label>
          <div class="hint" id="remember-hint">
            {t.rememberHint}
          </div>
        </div>
        <button type="submit">{t.submitSignIn}</button>
      </form>
      <p>
        <a href="/compte/mot-de-passe/oublie">{t.forgotten}</a>
      </p>
    </section>
  );
}

export function AccountHomePage(p: { ctx: LayoutContext; firstName: string; info: string | null }) {
  const t = p.ctx.t.account;
  return (
    <section>
      <h1>{t.homeTitle}</h1>
      <Notice text={p.info} />
      <p>{t.hello(p.firstName)}</p>
      <ul class="account-links">
        <li>
          <a href="/compte/prets">{p.ctx.t.loans.title}</a>
        </li>
        <li>
          <a href="/compte/messages">{p.ctx.t.myMessages.title}</a>
        </li>
        <li>
          <a href="/compte/avis">{p.ctx.t.noticePrefs.title}</a>
        </li>
        <li>
          <a href="/compte/profil">{t.profileAndFees}</a>
        </li>
        <li>
          <a href="/compte/appareils">{t.devices}</a>
        </li>
        <li>
          <a href="/compte/mot-de-passe">{t.changePassword}</a>
        </li>
      </ul>
    </section>
  );
}

function Rules({ ctx, rules }: { ctx: LayoutContext; rules: PasswordRule[] }) {
  return (
    <div class="hint" id="password-rules">
      <p>{ctx.t.account.rulesIntro}</p>
      <ul>
        {rules.map((r) => (
          <li key={r.code}>{accountMessage(r.messageKey, ctx.lang, r.params)}</li>
        ))}
      </ul>
    </div>
  );
}

/** "Modifier le mot de passe" (with the current one) or, behind a reset link, "Choisir un nouveau mot de passe". */
export function PasswordPage(p: {
  ctx: LayoutContext;
  csrf: string;
  action: string;
  title: string;
  withCurrent: boolean;
  token?: string;
  rules: PasswordRule[];
  errors: FieldErrors;
  intro: string | null;
  error: string | null;
}) {
  const t = p.ctx.t.account;
  return (
    <section class="account-form">
      <h1>{p.title}</h1>
      <Notice text={p.intro} />
      <Notice text={p.error} error />
      <ErrorList ctx={p.ctx} errors={p.errors} summary />
      <form method="post" action={p.action} novalidate>
        <Csrf token={p.csrf} />
        {p.token ? <input type="hidden" name="token" value={p.token} /> : null}
        {p.withCurrent ? <Field id="current" name="current" label={t.currentPassword} type="password" autoComplete="current-password" errors={p.errors.current} required /> : null}
        <Field id="password" name="password" label={t.newPassword} type="password" autoComplete="new-password" hint={<Rules ctx={p.ctx} rules={p.rules} />} errors={p.errors.password} required />
        <Field id="confirmation" name="confirmation" label={t.confirmPassword} type="password" autoComplete="new-password" errors={p.errors.confirmation} required />
        <button type="submit">{t.save}</button>
      </form>
    </section>
  );
}

export function ForgottenPage(p: {
  ctx: LayoutContext;
  csrf: string;
  identifier: string;
  email: string;
  captcha: { id: string; powChallenge: string; powDifficulty: number };
  info: string | null;
  error: string | null;
}) {
  const t = p.ctx.t.account;
  const lang = p.ctx.lang;
  return (
    <section class="account-form">
      <h1>{t.forgotTitle}</h1>
      <Notice text={p.info} />
      <Notice text={p.error} error />
      <p>{t.forgotIntro}</p>
      <form method="post" action="/compte/mot-de-passe/oublie" novalidate>
        <Csrf token={p.csrf} />
        <Field id="identifier" name="identifier" label={t.identifier} hint={t.identifierHint} value={p.identifier} autoComplete="username" required />
        <Field id="email" name="email" label={t.accountEmail} type="email" value={p.email} autoComplete="email" required />
        <input type="hidden" name="captcha_id" value={p.captcha.id} />
        <div class="field captcha">
          <img class="captcha-image" src={`/captcha/${p.captcha.id}.svg`} alt={accountMessage('captcha.imageLabel', lang)} width={240} height={80} />
          <label for="captcha_text">{t.captchaLabel}</label>
          <div class="hint" id="captcha-hint">
            {t.captchaHint}
          </div>
          <input id="captcha_text" name="captcha_text" type="text" autoComplete="off" aria-describedby="captcha-hint" />
          <input
            type="hidden"
            name="captcha_pow"
            value=""
            data-pow-challenge={p.captcha.powChallenge}
            data-pow-difficulty={String(p.captcha.powDifficulty)}
            data-pow-done={accountMessage('captcha.powDone', lang)}
          />
          <p class="hint" data-pow-status="" aria-live="polite"></p>
        </div>
        <button type="submit">{t.validate}</button>
      </form>
      <script src={CAPTCHA_POW_SCRIPT_PATH} defer></script>
    </section>
  );
}

export function MessageBody({ title, text, link }: { title: string; text: string; link?: { href: string; label: string } }) {
  return (
    <section>
      <h1>{title}</h1>
      <p>{text}</p>
      {link ? (
        <p>
          <a href={link.href}>{link.label}</a>
        </p>
      ) : null}
    </section>
  );
}

/** "22/11/2026 à 14:05", in Europe/Paris. */
const dateTime = (ctx: LayoutContext, iso: string) => ctx.t.account.dateTime(iso);

export function DevicesPage(p: { ctx: LayoutContext; csrf: string; sessions: SessionInfo[]; info: string | null }) {
  const t = p.ctx.t.account;
  return (
    <section>
      <h1>{t.devices}</h1>
      <Notice text={p.info} />
      <p>{t.devicesIntro}</p>
      <ul class="devices">
        {p.sessions.map((s) => (
          <li key={s.id} class="device">
            <h2>{deviceLabel(s.userAgent, { on: t.deviceOn, unknown: t.unknownDevice })}</h2>
            <dl>
              {s.current ? (
                <>
                  <dt>{t.thisDevice}</dt>
                  <dd>✓</dd>
                </>
              ) : null}
              <dt>{t.signedInAt}</dt>
              <dd>{dateTime(p.ctx, s.createdAt)}</dd>
              <dt>{t.lastSeen}</dt>
              <dd>{dateTime(p.ctx, s.lastSeenAt)}</dd>
              <dt>{s.persistent ? t.remembered : t.browserSession}</dt>
              <dd>{s.persistent ? dateTime(p.ctx, s.expiresAt) : '—'}</dd>
            </dl>
            <form method="post" action={`/compte/appareils/${s.id}/fin`}>
              <Csrf token={p.csrf} />
              <button type="submit">{s.current ? t.signOut : t.endSession}</button>
            </form>
          </li>
        ))}
      </ul>
      {p.sessions.length > 1 ? (
        <form method="post" action="/compte/appareils/autres/fin">
          <Csrf token={p.csrf} />
          <button type="submit">{t.endOthers}</button>
        </form>
      ) : null}
    </section>
  );
}

export function ProfilePage(p: { ctx: LayoutContext; profile: ReaderProfile; fees: FeeStatement; info: string | null }) {
  const t = p.ctx.t.account;
  const pr = p.profile;
  const or = (v: string | null) => v ?? t.none;
  return (
    <section>
      <h1>{t.profileTitle}</h1>
      <Notice text={p.info} />
      <h2>{t.profile}</h2>
      <dl class="profile">
        <dt>{t.name}</dt>
        <dd>{`${pr.firstName} ${pr.lastName}`}</dd>
        <dt>{t.cardNumber}</dt>
        <dd>{pr.cardNumber}</dd>
        <dt>{t.birthDate}</dt>
        <dd>{p.ctx.t.formatDate(pr.birthDate)}</dd>
        <dt>{t.email}</dt>
        <dd>
          {or(pr.email)}
          {pr.pendingEmail ? <span class="pending"> ({t.pendingEmail(pr.pendingEmail)})</span> : null}
        </dd>
        <dt>{t.phone}</dt>
        <dd>{or(pr.phone)}</dd>
        <dt>{t.mobile}</dt>
        <dd>{or(pr.mobile)}</dd>
        <dt>{t.category}</dt>
        <dd>{pr.category}</dd>
        <dt>{t.homeLibrary}</dt>
        <dd>{pr.homeLibrary}</dd>
        <dt>{t.membershipExpires}</dt>
        <dd>{pr.membershipExpires ? p.ctx.t.formatDate(pr.membershipExpires) : t.none}</dd>
      </dl>
      <p>
        <a href="/compte/profil/modifier">{t.editProfile}</a>
      </p>
      <h2>{t.fees}</h2>
      {p.fees.fees.filter((f) => f.balanceCents > 0).length === 0 ? (
        <p>{t.noFees}</p>
      ) : (
        <table class="fees">
          <thead>
            <tr>
              <th scope="col">{t.feeReason}</th>
              <th scope="col">{t.feeDate}</th>
              <th scope="col">{t.feeAmount}</th>
              <th scope="col">{t.feeBalance}</th>
            </tr>
          </thead>
          <tbody>
            {p.fees.fees
              .filter((f) => f.balanceCents > 0)
              .map((f) => (
                <tr key={f.id}>
                  <td>{f.label || accountMessage(`feeReason.${f.reason}`, p.ctx.lang)}</td>
                  <td>{p.ctx.t.formatDate(f.createdAt)}</td>
                  <td>{t.money(f.amountCents)}</td>
                  <td>{t.money(f.balanceCents)}</td>
                </tr>
              ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={3}>
                {t.totalOwed}
              </th>
              <td>{t.money(p.fees.totalOwedCents)}</td>
            </tr>
          </tfoot>
        </table>
      )}
    </section>
  );
}

export function ProfileEditPage(p: { ctx: LayoutContext; csrf: string; values: { email: string; phone: string; mobile: string }; errors: FieldErrors }) {
  const t = p.ctx.t.account;
  return (
    <section class="account-form">
      <h1>{t.editProfile}</h1>
      <ErrorList ctx={p.ctx} errors={p.errors} summary />
      <form method="post" action="/compte/profil/modifier" novalidate>
        <Csrf token={p.csrf} />
        <Field id="email" name="email" label={t.email} type="email" value={p.values.email} autoComplete="email" errors={p.errors.email} />
        <Field id="phone" name="phone" label={t.phone} type="tel" value={p.values.phone} autoComplete="tel" errors={p.errors.phone} />
        <Field id="mobile" name="mobile" label={t.mobile} type="tel" value={p.values.mobile} autoComplete="tel" errors={p.errors.mobile} />
        <button type="submit">{t.send}</button>
      </form>
    </section>
  );
}
