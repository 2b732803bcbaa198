// "Règles de prêt": the network's circulation rules by (library, reader category, loan type), "*" for any.
// Every staff member reads them; network administrators edit a scope's rule (a form with every field,
// errors next to their field, what was typed kept) and delete rules other than the default one.
import { ScrollTable } from '../portal/components.js';
import type { LayoutContext } from '../render.js';
import type { StaffPrincipal } from '../../authz/accounts.js';
import type { CirculationRule, ScopedRule } from '../../domain/circulation/rules.js';
import { StaffFrame } from '../staff/pages.js';
import { Notice } from '../account/pages.js';

export const RULES_PATH = '/staff/regles';

type Named = { id: number; code: string; name: string };
export interface RulesData {
  rules: Array<ScopedRule & { id: number; updatedAt: string }>;
  libraries: Named[];
  categories: Named[];
  loanTypes: Named[];
}

function Csrf({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

const NUMBER_FIELDS = ['loanDays', 'maxLoansTotal', 'maxLoansOfType', 'renewals', 'renewalDays', 'renewWindowDays', 'maxHolds', 'holdShelfDays', 'fineCentsPerDay', 'suspensionDaysPerDay'] as const;

export type RuleFormValues = Record<string, string>;

export function ruleValues(r: CirculationRule): RuleFormValues {
  const v: RuleFormValues = {};
  for (const f of NUMBER_FIELDS) v[f] = r[f] === null ? '' : String(r[f]);
  v.renewalBase = r.renewalBase;
  v.overdueBlocksRenewal = r.overdueBlocksRenewal;
  v.holdsAllowed = r.holdsAllowed ? 'on' : '';
  v.holdStatuses = r.holdStatuses.join(',');
  return v;
}

function scopeName(d: RulesData, r: { libraryId: number | null; categoryId: number | null; loanTypeId: number | null }, any: string): string[] {
  const name = (list: Named[], id: number | null) => (id === null ? any : (list.find((x) => x.id === id)?.name ?? String(id)));
  return [name(d.libraries, r.libraryId), name(d.categories, r.categoryId), name(d.loanTypes, r.loanTypeId)];
}

export function RulesPage(p: {
  ctx: LayoutContext;
  staff: StaffPrincipal;
  csrf: string;
  data: RulesData;
  canEdit: boolean;
  form: { scope: { libraryId: string; categoryId: string; loanTypeId: string }; values: RuleFormValues; errors: Record<string, string[]> };
  info: string | null;
}) {
  const { ctx, data } = p;
  const t = ctx.t.rules;
  const errorList = Object.entries(p.form.errors);
  const field = (name: (typeof NUMBER_FIELDS)[number]) => {
    const errs = p.form.errors[name] ?? [];
    return (
      <div class={errs.length ? 'field field-error' : 'field'} key={name}>
        <label for={`rule-${name}`}>{t.fields[name]}</label>
        {errs.length ? (
          <ul class="field-errors" id={`rule-${name}-error`}>
            {errs.map((e, i) => (
              <li key={i}>{e}</li>
            ))}
          </ul>
        ) : null}
        <input id={`rule-${name}`} name={name} inputMode="numeric" value={p.form.values[name] ?? ''} aria-invalid={errs.length ? 'true' : undefined} aria-describedby={errs.length ? `rule-${name}-error` : undefined} />
      </div>
    );
  };
  const select = (name: 'libraryId' | 'categoryId' | 'loanTypeId', list: Named[]) => (
    <div class="field">
      <label for={`scope-${name}`}>{t.scope[name]}</label>
      <select id={`scope-${name}`} name={name}>
        <option value="" selected={p.form.scope[name] === ''}>
          {t.any}
        </option>
        {list.map((x) => (
          <option key={x.id} value={String(x.id)} selected={p.form.scope[name] === String(x.id)}>
            {x.name}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <StaffFrame ctx={ctx} staff={p.staff} csrf={p.csrf} current="rules">
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      <Notice text={p.info} />
      <ScrollTable id="rules" caption={t.caption} class="data rules">
        <thead>
          <tr>
            <th scope="col">{t.scope.libraryId}</th>
            <th scope="col">{t.scope.categoryId}</th>
            <th scope="col">{t.scope.loanTypeId}</th>
            <th scope="col">{t.fields.loanDays}</th>
            <th scope="col">{t.fields.maxLoansTotal}</th>
            <th scope="col">{t.fields.maxLoansOfType}</th>
            <th scope="col">{t.fields.renewals}</th>
            <th scope="col">{t.fields.maxHolds}</th>
            <th scope="col">{t.lateness}</th>
            {p.canEdit ? <th scope="col">{t.actions}</th> : null}
          </tr>
        </thead>
        <tbody>
          {data.rules.map((r) => {
            const [lib = '', cat = '', type = ''] = scopeName(data, r, t.any);
            const edit = `${RULES_PATH}?${new URLSearchParams({ libraryId: r.libraryId === null ? '' : String(r.libraryId), categoryId: r.categoryId === null ? '' : String(r.categoryId), loanTypeId: r.loanTypeId === null ? '' : String(r.loanTypeId) })}#rule-form`;
            return (
              <tr key={r.id}>
                <td>{lib}</td>
                <td>{cat}</td>
                <td>{type}</td>
                <td>{r.rule.loanDays}</td>
                <td>{r.rule.maxLoansTotal}</td>
                <td>{r.rule.maxLoansOfType}</td>
                <td>{r.rule.renewals}</td>
                <td>{r.rule.holdsAllowed ? r.rule.maxHolds : t.noHolds}</td>
                <td>{t.latenessText(r.rule.fineCentsPerDay, r.rule.suspensionDaysPerDay)}</td>
                {p.canEdit ? (
                  <td>
                    <a href={edit} aria-label={t.editFor(lib, cat, type)}>
                      {t.edit}
                    </a>
                    {r.libraryId !== null || r.categoryId !== null || r.loanTypeId !== null ? (
                      <form method="post" action={`${RULES_PATH}/${r.id}/supprimer`} class="inline-form">
                        <Csrf token={p.csrf} />
                        <button type="submit" class="secondary" aria-label={t.deleteFor(lib, cat, type)}>
                          {t.delete}
                        </button>
                      </form>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </ScrollTable>
      {p.canEdit ? (
        <section aria-labelledby="rule-form-title" id="rule-form">
          <h2 id="rule-form-title">{t.formTitle}</h2>
          {errorList.length ? (
            <div class="error-summary" role="alert">
              <p>{ctx.t.account.errorsTitle}</p>
            </div>
          ) : null}
          <form method="post" action={RULES_PATH} novalidate>
            <Csrf token={p.csrf} />
            <fieldset>
              <legend>{t.scopeLegend}</legend>
              {select('libraryId', data.libraries)}
              {select('categoryId', data.categories)}
              {select('loanTypeId', data.loanTypes)}
            </fieldset>
            <fieldset>
              <legend>{t.loansLegend}</legend>
              {field('loanDays')}
              {field('maxLoansTotal')}
              {field('maxLoansOfType')}
              {field('renewals')}
              {field('renewalDays')}
              {field('renewWindowDays')}
              <div class="field">
                <label for="rule-renewalBase">{t.fields.renewalBase}</label>
                <select id="rule-renewalBase" name="renewalBase">
                  {(['due_date', 'today'] as const).map((v) => (
                    <option key={v} value={v} selected={p.form.values.renewalBase === v}>
                      {t.renewalBases[v]}
                    </option>
                  ))}
                </select>
              </div>
              <div class="field">
                <label for="rule-overdue">{t.fields.overdueBlocksRenewal}</label>
                <select id="rule-overdue" name="overdueBlocksRenewal">
                  {(['this', 'any', 'never'] as const).map((v) => (
                    <option key={v} value={v} selected={p.form.values.overdueBlocksRenewal === v}>
                      {t.overdueBlocks[v]}
                    </option>
                  ))}
                </select>
              </div>
            </fieldset>
            <fieldset>
              <legend>{t.holdsLegend}</legend>
              <div class="field checkbox">
                <input id="rule-holdsAllowed" name="holdsAllowed" type="checkbox" value="on" checked={p.form.values.holdsAllowed === 'on'} />
                <label for="rule-holdsAllowed">{t.fields.holdsAllowed}</label>
              </div>
              {field('maxHolds')}
              {field('holdShelfDays')}
            </fieldset>
            <fieldset>
              <legend>{t.latenessLegend}</legend>
              {field('fineCentsPerDay')}
              {field('suspensionDaysPerDay')}
            </fieldset>
            <input type="hidden" name="holdStatuses" value={p.form.values.holdStatuses ?? 'on_loan,in_transit'} />
            <button type="submit">{t.save}</button>
          </form>
        </section>
      ) : null}
    </StaffFrame>
  );
}
