/** Titles and summaries are kept per language: a reader gets theirs, with the Vietnamese original as the fallback. */
export function inLanguage(language: 'vi' | 'en', vi: string, en: string | null | undefined): string {
  return language === 'en' && en ? en : vi;
}
