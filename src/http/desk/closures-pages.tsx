// The libraries' exceptional closures (/staff/fermetures): the closures not over yet, for every staff member;
// adding and deleting them for network administrators. Shown in the staff frame; forms post their CSRF token.
import type { LayoutContext } from '../render.js';
import type { ClosureError, ClosureRow } from '../../services/circulation.service.js';
import { ScrollTable } from '../portal/components.js';
import { Notice } from '../account/pages.js';
import { ErrorSummary, HintAndErrors, Label, TextField, describedBy } from '../staff/pages.js';

export const CLOSURES_PATH = '/staff/fermetures';

export type ClosureField = 'libraryId' | 'start' | 'end' | 'reason';
export type ClosureForm = Record<ClosureField, string>;

function Csrf({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

export function ClosuresPage(p: {
  ctx: LayoutContext;
  csrf: string;
  closures: ClosureRow[];
  libraries: Array<{ id: number; name: string }>;
  canEdit: boolean;
  form: ClosureForm;
  errors: Partial<Record<ClosureField, ClosureError>>;
  info: string | null;
}) {
  const { ctx, form } = p;
  const t = ctx.t.closures;
  const day = ctx.t.formatDate;
  const message = (f: ClosureField) => (p.errors[f] ? [t.errors[p.errors[f]!]] : []);
  const labels: Record<ClosureField, string> = { libraryId: t.library, start: t.start, end: t.end, reason: t.reason };
  const summary = (Object.keys(p.errors) as ClosureField[]).map((f) => ({ id: `closure-${f}`, label: labels[f], message: message(f).join(' ') }));
  const libErrors = message('libraryId');
  return (
    <section class="closures">
      <h1>{t.title}</h1>
      <Notice text={p.info} />
      <p>{t.intro}</p>
      {p.closures.length === 0 ? (
        <p>{t.empty}</p>
      ) : (
        <ScrollTable id="closures" caption={t.caption(p.closures.length)}>
          <thead>
            <tr>
              <th scope="col">{t.library}</th>
              <th scope="col">{t.from}</th>
              <th scope="col">{t.to}</th>
              <th scope="col">{t.reason}</th>
              {p.canEdit ? <th scope="col">{t.action}</th> : null}
            </tr>
          </thead>
          <tbody>
            {p.closures.map((c) => (
              <tr key={c.id}>
                <th scope="row">{c.libraryName}</th>
                <td>{day(c.start)}</td>
                <td>{day(c.end)}</td>
                <td>{c.reason}</td>
                {p.canEdit ? (
                  <td>
                    <form method="post" action={`${CLOSURES_PATH}/${c.id}/supprimer`}>
                      <Csrf token={p.csrf} />
                      <button type="submit" class="secondary" aria-label={t.removeFor(c.libraryName, day(c.start))}>
                        {t.remove}
                      </button>
                    </form>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      )}
      {p.canEdit ? (
        <div class="account-form">
          <h2>{t.addTitle}</h2>
          <ErrorSummary ctx={ctx} items={summary} />
          <form method="post" action={CLOSURES_PATH} novalidate>
            <Csrf token={p.csrf} />
            <div class={libErrors.length ? 'field field-error' : 'field'}>
              <Label id="closure-libraryId" label={t.library} required ctx={ctx} />
              <HintAndErrors id="closure-libraryId" errors={libErrors} />
              <select id="closure-libraryId" name="libraryId" aria-required="true" aria-invalid={libErrors.length ? 'true' : undefined} aria-describedby={describedBy('closure-libraryId', false, libErrors.length > 0)}>
                <option value="" selected={form.libraryId === ''}></option>
                {p.libraries.map((l) => (
                  <option key={l.id} value={String(l.id)} selected={form.libraryId === String(l.id)}>
                    {l.name}
                  </option>
                ))}
              </select>
            </div>
            <TextField ctx={ctx} id="closure-start" name="start" label={t.start} value={form.start} hint={t.dateHint} errors={message('start')} required maxLength={10} />
            <TextField ctx={ctx} id="closure-end" name="end" label={t.end} value={form.end} hint={t.endHint} errors={message('end')} maxLength={10} />
            <TextField ctx={ctx} id="closure-reason" name="reason" label={t.reason} value={form.reason} errors={message('reason')} required maxLength={300} />
            <button type="submit">{t.add}</button>
          </form>
        </div>
      ) : (
        <p>{t.readOnly}</p>
      )}
    </section>
  );
}
