// The staff back office pages (/staff): sign-in, home, readers (search, create, edit, record with fees and
// payments), the email outbox. Server-rendered, working without JavaScript; every form posts its CSRF token
// in `_csrf`. Which links and buttons show comes from authz/accounts.ts, the same answers the services enforce.
import { ScrollTable } from '../portal/components.js';
import type { ComponentChildren } from 'preact';
import type { LayoutContext } from '../render.js';
import type { StaffPrincipal } from '../../authz/accounts.js';
import { canEditNoticeSettings, canManageJobs, canReadOutbox } from '../../authz/accounts.js';
import type { ReaderRecord } from '../../repositories/account-readers.repository.js';
import type { OutboxSummary } from '../../repositories/outbox.repository.js';
import type { OutboxRow } from '../../db/schema.js';
import type { Choice, ReaderFormChoices } from '../../services/reader-admin.service.js';
import type { FeeStatement } from '../../services/profile.service.js';
import { FEE_REASONS, PAYMENT_METHODS } from '../../domain/fees.js';
import { accountMessage } from '../../domain/account-messages.js';
import { parisDateTime } from '../account/device-label.js';
import { Notice, type FieldErrors } from '../account/pages.js';
import { CHANGE_PASSWORD_PATH } from '../account/session.js';

export const STAFF_HOME = '/staff';

// ------------------------------------------------------------------------------------------------ menu

interface NavEntry {
  key: string;
  href: string;
  label: (t: LayoutContext['t']) => string;
  /** shown to this staff member (authz/accounts.ts); always when absent */
  shows?: (s: StaffPrincipal) => boolean;
}

/** The staff menu, in order. */
export const STAFF_NAV: NavEntry[] = [
  { key: 'home', href: STAFF_HOME, label: (t) => t.staff.home },
  { key: 'desk', href: '/staff/guichet', label: (t) => t.staff.desk },
  { key: 'readers', href: '/staff/lecteurs', label: (t) => t.staff.readers },
  { key: 'holdShelf', href: '/staff/reservations', label: (t) => t.staff.holdShelf },
  { key: 'rules', href: '/staff/regles', label: (t) => t.rules.title },
  { key: 'closures', href: '/staff/fermetures', label: (t) => t.closures.nav },
  { key: 'outbox', href: '/staff/messages', label: (t) => t.staff.outbox, shows: canReadOutbox },
  { key: 'printNotices', href: '/staff/avis-a-imprimer', label: (t) => t.printNotices.nav },
  { key: 'noticeSettings', href: '/staff/reglages-avis', label: (t) => t.noticeSettings.nav, shows: canEditNoticeSettings },
  { key: 'jobs', href: '/staff/taches', label: (t) => t.jobs.nav, shows: canManageJobs },
  { key: 'password', href: CHANGE_PASSWORD_PATH, label: (t) => t.staff.password },
];

/** The STAFF_NAV key of the current page (circulation's sections are keys too: 'desk', 'holdShelf', ...). */
export type StaffSection = 'home' | 'desk' | 'readers' | 'holdShelf' | 'rules' | 'closures' | 'outbox' | 'printNotices' | 'noticeSettings' | 'jobs' | 'password';

function Csrf({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

/** The staff menu above every staff page, the current section marked, and "Se déconnecter". */
export function StaffFrame(p: { ctx: LayoutContext; staff: StaffPrincipal; csrf: string; current: StaffSection | null; children: ComponentChildren }) {
  const t = p.ctx.t.staff;
  return (
    <div class="staff">
      <nav class="staff-nav" aria-label={t.navLabel}>
        <p class="staff-nav-title">{t.area}</p>
        <ul>
          {STAFF_NAV.filter((e) => !e.shows || e.shows(p.staff)).map((e) => (
            <li key={e.key}>
              <a href={e.href} aria-current={e.key === p.current ? 'page' : undefined}>
                {e.label(p.ctx.t)}
              </a>
            </li>
          ))}
          <li>
            <form method="post" action="/staff/deconnexion">
              <Csrf token={p.csrf} />
              <button type="submit" class="secondary">
                {t.signOut}
              </button>
            </form>
          </li>
        </ul>
      </nav>
      <div class="staff-main">{p.children}</div>
    </div>
  );
}

// ------------------------------------------------------------------------------------------------ form pieces

export function describedBy(id: string, hint: boolean, errors: boolean): string | undefined {
  return [hint ? `${id}-hint` : null, errors ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
}

export function Label({ id, label, required, ctx }: { id: string; label: string; required?: boolean; ctx: LayoutContext }) {
  return (
    <label for={id}>
      {label}
      {required ? (
        <span class="required" aria-hidden="true">
          {' '}
          {ctx.t.staff.requiredMark}
        </span>
      ) : null}
    </label>
  );
}

export function HintAndErrors({ id, hint, errors }: { id: string; hint?: string; errors: string[] }) {
  return (
    <>
      {hint ? (
        <div class="hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {errors.length ? (
        <ul class="field-errors" id={`${id}-error`}>
          {errors.map((e, i) => (
            <li key={i}>{e}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

/** A labelled input, its hint and its errors (aria-describedby, aria-invalid). */
export function TextField(p: {
  ctx: LayoutContext;
  id: string;
  name: string;
  label: string;
  value: string;
  type?: string;
  hint?: string;
  errors?: string[];
  required?: boolean;
  autoComplete?: string;
  inputMode?: 'numeric' | 'decimal';
  maxLength?: number;
}) {
  const errs = p.errors ?? [];
  return (
    <div class={errs.length ? 'field field-error' : 'field'}>
      <Label id={p.id} label={p.label} required={p.required} ctx={p.ctx} />
      <HintAndErrors id={p.id} hint={p.hint} errors={errs} />
      <input
        id={p.id}
        name={p.name}
        type={p.type ?? 'text'}
        value={p.value}
        autoComplete={p.autoComplete ?? 'off'}
        inputMode={p.inputMode}
        maxLength={p.maxLength}
        aria-required={p.required ? 'true' : undefined}
        aria-invalid={errs.length ? 'true' : undefined}
        aria-describedby={describedBy(p.id, !!p.hint, errs.length > 0)}
      />
    </div>
  );
}

/** A labelled select; a value that is not among the options (typed by hand) is kept as one more option. */
function SelectField(p: {
  ctx: LayoutContext;
  id: string;
  name: string;
  label: string;
  value: string;
  options: Array<{ value: string; label: string }>;
  empty?: string;
  hint?: string;
  errors?: string[];
  required?: boolean;
}) {
  const errs = p.errors ?? [];
  const known = p.options.some((o) => o.value === p.value);
  const options = known || !p.value ? p.options : [...p.options, { value: p.value, label: p.value }];
  return (
    <div class={errs.length ? 'field field-error' : 'field'}>
      <Label id={p.id} label={p.label} required={p.required} ctx={p.ctx} />
      <HintAndErrors id={p.id} hint={p.hint} errors={errs} />
      <select
        id={p.id}
        name={p.name}
        aria-required={p.required ? 'true' : undefined}
        aria-invalid={errs.length ? 'true' : undefined}
        aria-describedby={describedBy(p.id, !!p.hint, errs.length > 0)}
      >
        {p.empty !== undefined ? (
          <option value="" selected={!p.value}>
            {p.empty}
          </option>
        ) : null}
        {options.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === p.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The errors of a form above it, each a link to its field. */
export function ErrorSummary({ ctx, items }: { ctx: LayoutContext; items: Array<{ id: string; label: string; message: string }> }) {
  if (!items.length) return null;
  const t = ctx.t.staff;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{t.errorsTitle}</h2>
      <p>{t.errorsIntro}</p>
      <ul>
        {items.map((e, i) => (
          <li key={i}>
            <a href={`#${e.id}`}>{t.errorItem(e.label, e.message)}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

const parisDate = (iso: string) => parisDateTime(iso).date;

// ------------------------------------------------------------------------------------------------ sign-in, home

export function StaffSignInPage(p: { ctx: LayoutContext; csrf: string; login: string; next: string | null; error: string | null; readerSignedIn: boolean }) {
  const t = p.ctx.t.staff;
  return (
    <section class="account-form staff-sign-in">
      <h1>{t.signInTitle}</h1>
      {p.readerSignedIn ? <Notice text={t.readerSignedIn} error /> : null}
      <Notice text={p.error} error />
      <p>{t.signInIntro}</p>
      <form method="post" action="/staff/connexion" novalidate>
        <Csrf token={p.csrf} />
        {p.next ? <input type="hidden" name="next" value={p.next} /> : null}
        <TextField ctx={p.ctx} id="login" name="login" label={t.login} hint={t.loginHint} value={p.login} autoComplete="username" maxLength={100} />
        <TextField ctx={p.ctx} id="password" name="password" type="password" label={t.passwordLabel} value="" autoComplete="current-password" />
        <button type="submit">{t.submitSignIn}</button>
      </form>
      <p class="hint">{t.forgotHint}</p>
    </section>
  );
}

function ReaderSearchForm({ ctx, q }: { ctx: LayoutContext; q: string }) {
  const t = ctx.t.staff;
  return (
    <form class="staff-search" method="get" action="/staff/lecteurs" role="search" aria-label={t.findReader}>
      <div class="field">
        <label for="staff-q">{t.searchLabel}</label>
        <div class="hint" id="staff-q-hint">
          {t.searchHint}
        </div>
        <div class="search-row">
          <input id="staff-q" type="search" name="q" value={q} maxLength={200} autoComplete="off" aria-describedby="staff-q-hint" />
          <button type="submit">{t.searchButton}</button>
        </div>
      </div>
    </form>
  );
}

export function StaffHomePage(p: { ctx: LayoutContext; staff: StaffPrincipal; libraries: Choice[]; info: string | null }) {
  const t = p.ctx.t.staff;
  const role = p.staff.role === 'admin' ? t.roleAdmin : t.roleLibrarian(p.libraries.map((l) => l.name).join(', '));
  return (
    <section>
      <h1>{t.area}</h1>
      <Notice text={p.info} />
      <p>
        {t.hello(p.staff.name)}
        <br />
        <span class="staff-role">{role}</span>
      </p>
      <h2>{t.findReader}</h2>
      <ReaderSearchForm ctx={p.ctx} q="" />
      <ul class="staff-links">
        {STAFF_NAV.filter((e) => e.key !== 'home' && (!e.shows || e.shows(p.staff))).map((e) => (
          <li key={e.key}>
            <a href={e.href}>{e.label(p.ctx.t)}</a>
          </li>
        ))}
        <li>
          <a href="/staff/lecteurs/nouveau">{t.newReader}</a>
        </li>
      </ul>
    </section>
  );
}

// ------------------------------------------------------------------------------------------------ readers

const byId = (list: Choice[]) => new Map(list.map((c) => [c.id, c.name]));

export function ReadersPage(p: { ctx: LayoutContext; q: string; result: { readers: ReaderRecord[]; more: boolean; limit: number } | null; choices: ReaderFormChoices }) {
  const t = p.ctx.t.staff;
  const libraries = byId(p.choices.allLibraries);
  const categories = byId(p.choices.categories);
  return (
    <section>
      <h1>{t.readers}</h1>
      <p>
        <a class="button" href="/staff/lecteurs/nouveau">
          {t.newReader}
        </a>
      </p>
      <ReaderSearchForm ctx={p.ctx} q={p.q} />
      {p.result ? (
        <section aria-labelledby="results-title">
          <h2 id="results-title">{t.resultsFor(p.q, p.result.readers.length)}</h2>
          {p.result.more ? <Notice text={t.moreReaders(p.result.limit)} /> : null}
          {p.result.readers.length === 0 ? (
            <p>{t.noReaders}</p>
          ) : (
            <ul class="reader-results">
              {p.result.readers.map((r) => (
                <li key={r.id}>
                  <a href={`/staff/lecteurs/${r.id}`}>
                    <span class="last-name">{r.lastName}</span> {r.firstName}
                  </a>
                  <span class="reader-line">{t.readerLine(r.cardNumber, libraries.get(r.homeLibraryId) ?? r.homeLibraryCode, categories.get(r.categoryId) ?? r.categoryCode)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
    </section>
  );
}

/** The reader form's values, as typed (or as stored, for an edit). */
export interface ReaderFormValues {
  cardNumber: string;
  lastName: string;
  firstName: string;
  birthDate: string;
  email: string;
  phone: string;
  mobile: string;
  categoryCode: string;
  homeLibraryCode: string;
  membershipExpires: string;
  language: string;
}

export const READER_FORM_FIELDS: ReadonlyArray<keyof ReaderFormValues> = [
  'cardNumber', 'lastName', 'firstName', 'birthDate', 'email', 'phone', 'mobile', 'categoryCode', 'homeLibraryCode', 'membershipExpires', 'language',
];

const READER_FIELD_IDS: Record<keyof ReaderFormValues, string> = {
  cardNumber: 'reader-card', lastName: 'reader-last-name', firstName: 'reader-first-name', birthDate: 'reader-birth-date', email: 'reader-email',
  phone: 'reader-phone', mobile: 'reader-mobile', categoryCode: 'reader-category', homeLibraryCode: 'reader-library',
  membershipExpires: 'reader-expires', language: 'reader-language',
};

export function ReaderFormPage(p: {
  ctx: LayoutContext;
  csrf: string;
  title: string;
  action: string;
  cancel: string;
  submit: string;
  values: ReaderFormValues;
  errors: FieldErrors;
  choices: ReaderFormChoices;
}) {
  const t = p.ctx.t.staff;
  const f = t.fields;
  const v = p.values;
  const e = p.errors;
  const summary = READER_FORM_FIELDS.flatMap((name) => (e[name] ?? []).map((message) => ({ id: READER_FIELD_IDS[name], label: f[name] ?? name, message })));
  const text = (name: keyof ReaderFormValues, extra: Partial<Parameters<typeof TextField>[0]> = {}) => (
    <TextField ctx={p.ctx} id={READER_FIELD_IDS[name]} name={name} label={f[name] ?? name} value={v[name]} errors={e[name]} {...extra} />
  );
  return (
    <section class="account-form staff-form">
      <h1>{p.title}</h1>
      <ErrorSummary ctx={p.ctx} items={summary} />
      <p class="hint">{t.requiredNote}</p>
      <form method="post" action={p.action} novalidate>
        <Csrf token={p.csrf} />
        {text('cardNumber', { required: true, hint: t.cardHint, maxLength: 40 })}
        {text('lastName', { required: true, autoComplete: 'off', maxLength: 200 })}
        {text('firstName', { required: true, maxLength: 200 })}
        {text('birthDate', { required: true, hint: t.birthDateHint, inputMode: 'numeric', maxLength: 20 })}
        {text('email', { type: 'email', maxLength: 320 })}
        {text('phone', { type: 'tel', maxLength: 40 })}
        {text('mobile', { type: 'tel', hint: t.mobileHint, maxLength: 40 })}
        <SelectField
          ctx={p.ctx}
          id={READER_FIELD_IDS.categoryCode}
          name="categoryCode"
          label={f.categoryCode ?? 'categoryCode'}
          value={v.categoryCode}
          empty={t.choose}
          options={p.choices.categories.map((c) => ({ value: c.code, label: c.name }))}
          errors={e.categoryCode}
          required
        />
        <SelectField
          ctx={p.ctx}
          id={READER_FIELD_IDS.homeLibraryCode}
          name="homeLibraryCode"
          label={f.homeLibraryCode ?? 'homeLibraryCode'}
          value={v.homeLibraryCode}
          empty={p.choices.libraries.length === 1 ? undefined : t.choose}
          options={p.choices.libraries.map((l) => ({ value: l.code, label: l.name }))}
          errors={e.homeLibraryCode}
          required
        />
        {text('membershipExpires', { hint: t.expiryHint, inputMode: 'numeric', maxLength: 20 })}
        <SelectField
          ctx={p.ctx}
          id={READER_FIELD_IDS.language}
          name="language"
          label={f.language ?? 'language'}
          value={v.language}
          options={['fr', 'en'].map((l) => ({ value: l, label: t.languageNames[l] ?? l }))}
          errors={e.language}
        />
        <div class="form-actions">
          <button type="submit">{p.submit}</button> <a href={p.cancel}>{t.cancel}</a>
        </div>
      </form>
    </section>
  );
}

/** What was typed in the fee form and the payment forms, with their errors, when one comes back. */
export interface FeeForms {
  add: { values: { reason: string; label: string; amount: string }; errors: FieldErrors };
  pay: { feeId: number; values: { amount: string; method: string }; errors: FieldErrors } | null;
}

export function ReaderPage(p: {
  ctx: LayoutContext;
  csrf: string;
  staff: StaffPrincipal;
  reader: ReaderRecord;
  fees: FeeStatement;
  choices: ReaderFormChoices;
  today: string;
  canEdit: boolean;
  canManageFees: boolean;
  initialRule: string;
  info: string | null;
  error: string | null;
  forms: FeeForms;
}) {
  const { ctx, reader: r } = p;
  const t = ctx.t.staff;
  const f = t.fields;
  const lang = ctx.lang;
  const money = ctx.t.account.money;
  const or = (v: string | null) => v || t.none;
  const library = byId(p.choices.allLibraries).get(r.homeLibraryId) ?? r.homeLibraryCode;
  const category = byId(p.choices.categories).get(r.categoryId) ?? r.categoryCode;
  const expired = r.membershipExpires !== null && r.membershipExpires < p.today;
  const add = p.forms.add;
  const pay = p.forms.pay;
  const summary = [
    ...(['reason', 'label', 'amount'] as const).flatMap((k) =>
      (add.errors[k] ?? []).map((message) => ({ id: `fee-${k}`, label: k === 'reason' ? t.feeReason : k === 'label' ? t.feeLabel : t.feeAmount, message })),
    ),
    ...(pay ? (['amount', 'method', 'fee'] as const).flatMap((k) =>
      (pay.errors[k] ?? []).map((message) => ({ id: `pay-${pay.feeId}-${k === 'fee' ? 'amount' : k}`, label: k === 'method' ? t.paymentMethod : t.paymentAmount, message })),
    ) : []),
  ];
  const feeLabel = (fee: { label: string; reason: string }) => fee.label || accountMessage(`feeReason.${fee.reason}`, lang);
  const feesById = new Map(p.fees.fees.map((x) => [x.id, x]));
  const decimal = (cents: number) => (lang === 'fr' ? (cents / 100).toFixed(2).replace('.', ',') : (cents / 100).toFixed(2));
  return (
    <section class="staff-reader">
      <h1>
        {r.firstName} <span class="last-name">{r.lastName}</span>
      </h1>
      <Notice text={p.info} />
      <Notice text={p.error} error />
      <ErrorSummary ctx={ctx} items={summary} />
      <h2>{t.record}</h2>
      <dl class="profile staff-record">
        <dt>{f.cardNumber}</dt>
        <dd>{r.cardNumber}</dd>
        <dt>{f.lastName}</dt>
        <dd>{r.lastName}</dd>
        <dt>{f.firstName}</dt>
        <dd>{r.firstName}</dd>
        <dt>{f.birthDate}</dt>
        <dd>{r.birthDate ? ctx.t.formatDate(r.birthDate) : t.none}</dd>
        <dt>{f.email}</dt>
        <dd>{or(r.email)}</dd>
        <dt>{f.phone}</dt>
        <dd>{or(r.phone)}</dd>
        <dt>{f.mobile}</dt>
        <dd>{or(r.mobile)}</dd>
        <dt>{f.categoryCode}</dt>
        <dd>{category}</dd>
        <dt>{f.homeLibraryCode}</dt>
        <dd>{library}</dd>
        <dt>{f.membershipExpires}</dt>
        <dd>
          {r.membershipExpires ? ctx.t.formatDate(r.membershipExpires) : t.none}
          {expired ? <strong class="warning"> {t.expired}</strong> : null}
        </dd>
        <dt>{f.language}</dt>
        <dd>{t.languageNames[r.language] ?? r.language}</dd>
        <dt>{t.blocked}</dt>
        <dd>{r.blocked ? <strong class="warning">{t.yes}</strong> : t.no}</dd>
        <dt>{t.mustChange}</dt>
        <dd>{r.mustChangePassword ? t.yes : t.no}</dd>
        <dt>{t.createdAt}</dt>
        <dd>{ctx.t.account.dateTime(r.createdAt)}</dd>
        <dt>{t.updatedAt}</dt>
        <dd>{ctx.t.account.dateTime(r.updatedAt)}</dd>
      </dl>
      {p.canEdit ? (
        <>
          <p>
            <a class="button" href={`/staff/lecteurs/${r.id}/modifier`}>
              {t.edit}
            </a>
          </p>
          <h2>{t.passwordSection}</h2>
          <p id="reset-hint">{t.resetIntro(p.initialRule)}</p>
          <form method="post" action={`/staff/lecteurs/${r.id}/mot-de-passe-initial`}>
            <Csrf token={p.csrf} />
            <button type="submit" class="secondary" aria-describedby="reset-hint">
              {t.resetButton}
            </button>
          </form>
        </>
      ) : (
        <p class="hint">{t.readOnly}</p>
      )}

      <h2 id="fees">{t.fees}</h2>
      {p.fees.fees.length === 0 ? (
        <p>{t.noFees}</p>
      ) : (
        <>
          <p class="total-owed">
            <strong>{t.totalOwed(money(p.fees.totalOwedCents))}</strong>
          </p>
          <ul class="staff-fees">
            {p.fees.fees.map((fee) => {
              const mine = pay && pay.feeId === fee.id ? pay : null;
              const amountId = `pay-${fee.id}-amount`;
              const methodId = `pay-${fee.id}-method`;
              const amountErrors = [...(mine?.errors.amount ?? []), ...(mine?.errors.fee ?? [])];
              return (
                <li key={fee.id} class="staff-fee">
                  <h3>{feeLabel(fee)}</h3>
                  <dl>
                    <dt>{t.feeReason}</dt>
                    <dd>{accountMessage(`feeReason.${fee.reason}`, lang)}</dd>
                    <dt>{t.feeDate}</dt>
                    <dd>{parisDate(fee.createdAt)}</dd>
                    <dt>{t.feeAmount}</dt>
                    <dd>{money(fee.amountCents)}</dd>
                    <dt>{t.feePaid}</dt>
                    <dd>{money(fee.paidCents)}</dd>
                    <dt>{t.feeBalance}</dt>
                    <dd>{fee.balanceCents > 0 ? money(fee.balanceCents) : t.feePaidOff}</dd>
                  </dl>
                  {p.canManageFees && fee.balanceCents > 0 ? (
                    <form class="staff-pay" method="post" action={`/staff/lecteurs/${r.id}/frais/${fee.id}/paiement#fees`} novalidate>
                      <Csrf token={p.csrf} />
                      <TextField
                        ctx={ctx}
                        id={amountId}
                        name="amount"
                        label={t.paymentAmount}
                        value={mine ? mine.values.amount : decimal(fee.balanceCents)}
                        hint={t.amountHint}
                        inputMode="decimal"
                        maxLength={20}
                        errors={amountErrors}
                        required
                      />
                      <SelectField
                        ctx={ctx}
                        id={methodId}
                        name="method"
                        label={t.paymentMethod}
                        value={mine ? mine.values.method : 'cash'}
                        options={PAYMENT_METHODS.map((m) => ({ value: m, label: t.methods[m] ?? m }))}
                        errors={mine?.errors.method}
                        required
                      />
                      <button type="submit">{t.payButton}</button>
                    </form>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </>
      )}

      <h3>{t.payments}</h3>
      {p.fees.payments.length === 0 ? (
        <p>{t.noPayments}</p>
      ) : (
        <ScrollTable id="payments" caption={t.paymentsCaption} class="fees staff-payments">
            <thead>
              <tr>
                <th scope="col">{t.feeDate}</th>
                <th scope="col">{t.feeAmount}</th>
                <th scope="col">{t.paymentMethod}</th>
                <th scope="col">{t.paymentFee}</th>
                <th scope="col">{t.recordedBy}</th>
              </tr>
            </thead>
            <tbody>
              {p.fees.payments.map((x) => {
                const fee = feesById.get(x.feeId);
                return (
                  <tr key={x.id}>
                    <td>{ctx.t.account.dateTime(x.createdAt)}</td>
                    <td>{money(x.amountCents)}</td>
                    <td>{t.methods[x.method] ?? x.method}</td>
                    <td>{fee ? feeLabel(fee) : t.none}</td>
                    <td>{x.recordedBy ?? t.none}</td>
                  </tr>
                );
              })}
            </tbody>
        </ScrollTable>
      )}

      {p.canManageFees ? (
        <section class="account-form staff-add-fee" aria-labelledby="add-fee-title">
          <h3 id="add-fee-title">{t.addFee}</h3>
          <form method="post" action={`/staff/lecteurs/${r.id}/frais#fees`} novalidate>
            <Csrf token={p.csrf} />
            <SelectField
              ctx={ctx}
              id="fee-reason"
              name="reason"
              label={t.feeReason}
              value={add.values.reason}
              empty={t.choose}
              options={FEE_REASONS.map((reason) => ({ value: reason, label: accountMessage(`feeReason.${reason}`, lang) }))}
              errors={add.errors.reason}
              required
            />
            <TextField ctx={ctx} id="fee-label" name="label" label={t.feeLabel} value={add.values.label} hint={t.feeLabelHint} errors={add.errors.label} maxLength={300} />
            <TextField ctx={ctx} id="fee-amount" name="amount" label={t.feeAmount} value={add.values.amount} hint={t.amountHint} inputMode="decimal" errors={add.errors.amount} maxLength={20} required />
            <button type="submit">{t.addFeeButton}</button>
          </form>
        </section>
      ) : null}
      <p>
        <a href="/staff/lecteurs">{t.backToReaders}</a>
      </p>
    </section>
  );
}

// ------------------------------------------------------------------------------------------------ outbox

const statusText = (ctx: LayoutContext, s: string) => ctx.t.staff.statuses[s] ?? s;
const kindText = (ctx: LayoutContext, k: string) => ctx.t.staff.kinds[k] ?? k;

export function OutboxPage(p: { ctx: LayoutContext; messages: OutboxSummary[]; olderThan: number | null; paged: boolean }) {
  const { ctx } = p;
  const t = ctx.t.staff;
  return (
    <section>
      <h1>{t.outboxTitle}</h1>
      <p>{t.outboxIntro}</p>
      {p.messages.length === 0 ? (
        <p>{t.outboxEmpty}</p>
      ) : (
        <ScrollTable id="outbox" caption={t.outboxCaption} class="outbox">
            <thead>
              <tr>
                <th scope="col">{t.msgDate}</th>
                <th scope="col">{t.msgTo}</th>
                <th scope="col">{t.msgSubject}</th>
                <th scope="col">{t.msgKind}</th>
                <th scope="col">{t.msgStatus}</th>
              </tr>
            </thead>
            <tbody>
              {p.messages.map((m) => (
                <tr key={m.id}>
                  <td>{ctx.t.account.dateTime(m.created_at)}</td>
                  <td class="wrap">{m.to_address}</td>
                  <td>
                    <a href={`/staff/messages/${m.id}`}>{m.subject}</a>
                  </td>
                  <td>{kindText(ctx, m.kind)}</td>
                  <td class={`outbox-status outbox-${m.status}`}>{statusText(ctx, m.status)}</td>
                </tr>
              ))}
            </tbody>
        </ScrollTable>
      )}
      {p.paged || p.olderThan !== null ? (
        <nav class="pagination" aria-label={t.outboxTitle}>
          <ul>
            {p.paged ? (
              <li>
                <a href="/staff/messages">{t.newest}</a>
              </li>
            ) : null}
            {p.olderThan !== null ? (
              <li>
                <a href={`/staff/messages?avant=${p.olderThan}`}>{t.older}</a>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
    </section>
  );
}

/** One message: headers, status and the text part in a <pre>. The HTML part is never rendered: it is an email. */
export function OutboxMessagePage(p: { ctx: LayoutContext; message: OutboxRow }) {
  const { ctx, message: m } = p;
  const t = ctx.t.staff;
  return (
    <section class="outbox-message">
      <h1>{m.subject}</h1>
      <dl class="profile">
        <dt>{t.msgDate}</dt>
        <dd>{ctx.t.account.dateTime(m.created_at)}</dd>
        <dt>{t.msgFrom}</dt>
        <dd class="wrap">{m.from_address}</dd>
        <dt>{t.msgTo}</dt>
        <dd class="wrap">{m.to_address}</dd>
        <dt>{t.msgKind}</dt>
        <dd>{kindText(ctx, m.kind)}</dd>
        <dt>{t.msgStatus}</dt>
        <dd>{statusText(ctx, m.status)}</dd>
        <dt>{t.msgAttempts}</dt>
        <dd>{ctx.t.number(m.attempts)}</dd>
        <dt>{t.msgSentAt}</dt>
        <dd>{m.sent_at ? ctx.t.account.dateTime(m.sent_at) : t.none}</dd>
        {m.error ? (
          <>
            <dt>{t.msgError}</dt>
            <dd class="wrap">{m.error}</dd>
          </>
        ) : null}
        {m.file ? (
          <>
            <dt>{t.msgFile}</dt>
            <dd class="wrap">{m.file}</dd>
          </>
        ) : null}
        <dt>{t.msgId}</dt>
        <dd class="wrap">{m.message_id}</dd>
      </dl>
      <h2>{t.msgText}</h2>
      <pre class="mail-text">
        {m.text_body}
      </pre>
      <p class="hint">{t.msgHtmlNote}</p>
      <p>
        <a href="/staff/messages">{t.backToOutbox}</a>
      </p>
    </section>
  );
}
