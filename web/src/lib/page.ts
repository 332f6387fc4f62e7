import { useEffect } from 'react';

/** Each page names itself in the document title (WCAG 2.4.2). */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · WIOA staff console`;
  }, [title]);
}
