/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** Who is away and who acts for them (acting grants in force today), above a unit's inbox or an assignment. */
import type { ActingToday } from '../../services/acting';
import type { Lang } from '../i18n';

const dayMonth = (lang: Lang, iso: string) => (lang === 'en' ? iso : `${iso.slice(8, 10)}/${iso.slice(5, 7)}`);

export function absenceText(lang: Lang, g: ActingToday): string {
  return lang === 'vi'
    ? `${g.absentName} vắng mặt đến ${dayMonth(lang, g.toOn)}; ${g.actingName} thay mặt.`
    : `${g.absentName} is away until ${dayMonth(lang, g.toOn)}; ${g.actingName} acts.`;
}

export function Absences(props: { lang: Lang; absences: ActingToday[] }) {
  if (props.absences.length === 0) return null;
  return (
    <aside class="card" aria-label={props.lang === 'vi' ? 'Ủy quyền' : 'Acting officers'} data-testid="absences">
      {props.absences.map((g) => (
        <p style="margin:0" data-absent={g.absentPersonId} data-acting={g.actingPersonId}>
          {absenceText(props.lang, g)}
        </p>
      ))}
    </aside>
  );
}
