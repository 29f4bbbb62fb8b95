import { useEffect, useState } from 'react';

/** The route is the location hash: #/cases, #/case/CB-2026-0001/overview, #/sanctions … */
export function useRoute(): string[] {
  const read = () => window.location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const onChange = () => setRoute(read());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

export const navigate = (...parts: string[]) => {
  window.location.hash = `#/${parts.map(encodeURIComponent).join('/')}`;
};

export const caseHref = (number: string, tab = 'overview') => `#/case/${encodeURIComponent(number)}/${tab}`;
