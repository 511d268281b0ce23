// A small icon per kind of subject, drawn inline (no icon font, nothing fetched: the CSP and offline use both
// want every asset in the bundle). The kind is guessed from words in the block's name.
import type { ReactElement } from 'react';

type IconKind =
  | 'maths' | 'reading' | 'science' | 'music' | 'art' | 'sport' | 'computing' | 'food' | 'people' | 'world'
  | 'clipboard' | 'heart' | 'bell' | 'star';

const KEYWORDS: [IconKind, RegExp][] = [
  ['maths', /math|number|times tables?|arithmetic|numeracy|algebra|geometry/],
  ['reading', /english|read|writ|phonic|spell|rwi|literacy|word|story|grammar|handwriting|library|guided|daily 5/],
  ['science', /science|stem|biology|chemistry|physics/],
  ['music', /music|sing|choir|recorder/],
  ['art', /\bart\b|draw|paint|craft|design|\bdt\b/],
  ['sport', /\bpe\b|p\.e|sport|gym|swim|games|dance|recess|playtime|outdoor/],
  ['computing', /comput|ict|coding|tech/],
  ['food', /lunch|snack|break|dinner|breakfast/],
  ['people', /assembly|meeting|circle|celebration|class/],
  ['world', /history|geograph|\bre\b|religio|french|spanish|language|topic|social/],
  ['clipboard', /registration|register|morning work|early|attendance/],
  ['heart', /pshe|phse|wellbeing|mindful|rest|quiet|calm/],
  ['bell', /bell|dismiss|pack up|home|arrival|allowed inside/],
];

export function iconKindFor(name: string): IconKind {
  const lower = name.toLowerCase();
  for (const [kind, pattern] of KEYWORDS) if (pattern.test(lower)) return kind;
  return 'star';
}

const PATHS: Record<IconKind, ReactElement> = {
  maths: <path d="M4 4h16v16H4zM8 8v4m-2-2h4m4-2h4m-4 6h4m-4 2h4M7 16l2 2m0-2-2 2" />,
  reading: <path d="M3 5.5C5 4.5 8 4.5 12 6.5c4-2 7-2 9-1v13c-2-1-5-1-9 1-4-2-7-2-9-1zM12 6.5v13" />,
  science: <path d="M9 3h6M10 3v6l-5 9a2 2 0 0 0 2 3h10a2 2 0 0 0 2-3l-5-9V3M7 15h10" />,
  music: <path d="M9 18V5l11-2v13M9 18a3 3 0 1 1-6 0 3 3 0 0 1 6 0zm11-2a3 3 0 1 1-6 0 3 3 0 0 1 6 0z" />,
  art: <path d="M12 3a9 9 0 1 0 0 18c1.5 0 2-1 2-2s-1-2 0-3 2-1 3-1a4 4 0 0 0 4-4c0-4.5-4-8-9-8zM7.5 11h.01M10 7h.01M15 7.5h.01" />,
  sport: <path d="M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM3.5 9.5c3 1 6 4 7 10M20.5 9.5c-3 1-6 4-7 10M8 4c2 3 6 3 8 0" />,
  computing: <path d="M3 5h18v11H3zM8 20h8M12 16v4" />,
  food: <path d="M5 3v8a3 3 0 0 0 6 0V3M8 3v18M16 3c-2 2-2 7 0 9v9" />,
  people: <path d="M9 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6zm8 0a2.5 2.5 0 1 0 0-5M3 20c0-3.5 3-6 6-6s6 2.5 6 6m2-6c2.5 0 4 2 4 5" />,
  world: <path d="M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM3 12h18M12 3c3 3 3 15 0 18M12 3c-3 3-3 15 0 18" />,
  clipboard: <path d="M9 4h6v3H9zM7 5H5v16h14V5h-2M8 12h8M8 16h5" />,
  heart: <path d="M12 20s-8-4.5-8-10a4.5 4.5 0 0 1 8-2.8A4.5 4.5 0 0 1 20 10c0 5.5-8 10-8 10z" />,
  bell: <path d="M6 16V11a6 6 0 1 1 12 0v5l2 2H4zM10 20a2 2 0 0 0 4 0" />,
  star: <path d="m12 3 2.7 5.6 6.1.8-4.5 4.2 1.1 6L12 16.8 6.6 19.6l1.1-6-4.5-4.2 6.1-.8z" />,
};

export function SubjectIcon({ name }: { name: string }) {
  return (
    <svg className="subject-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      {PATHS[iconKindFor(name)]}
    </svg>
  );
}
