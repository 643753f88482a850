/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * A due date as the page shows it, marked when it rests on a provisional calendar year (the statutory holidays
 * standing in for an official schedule not yet published): the date may still move when that schedule is loaded.
 */
import { fmtDate, type Lang } from '../i18n';

const MARK: Record<Lang, { short: string; long: string }> = {
  vi: { short: 'tạm tính', long: 'Tính theo lịch nghỉ lễ luật định; có thể đổi khi có lịch chính thức của năm' },
  en: { short: 'provisional', long: "Counted on the statutory holidays; may change once the year's official schedule is published" },
};

export function DueDate(props: { lang: Lang; dueOn: string; provisional?: boolean }) {
  const mark = MARK[props.lang];
  return (
    <>
      {fmtDate(props.lang, props.dueOn)}
      {props.provisional ? (
        <>
          {' '}
          <small class="provisional" title={mark.long} data-testid="provisional">
            ({mark.short})
          </small>
        </>
      ) : null}
    </>
  );
}
