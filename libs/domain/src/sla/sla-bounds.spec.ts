import { OfficialCalendar } from '../calendar/work-calendar';
import { slaBounds, slaColourBetween } from './sla-bounds';
import { slaColour } from './sla-colour';

const official = new OfficialCalendar();
const at = (beijing: string): Date => new Date(`${beijing}+08:00`);

describe(slaBounds.name, () => {
  it.each([
    ['an ordinary Wednesday', '2026-11-25T10:00:00', '2026-11-26T00:00:00', '2026-11-27T00:00:00'],
    ['a Friday: Monday is the next working day', '2026-11-27T10:00:00', '2026-11-28T00:00:00', '2026-12-01T00:00:00'],
    ['a Saturday', '2026-11-28T23:59:00', '2026-11-29T00:00:00', '2026-12-01T00:00:00'],
    ['before the 2025 Spring Festival (01-28..02-04 off)', '2025-01-27T10:00:00', '2025-01-28T00:00:00', '2025-02-06T00:00:00'],
  ])('%s', (_name, now, orange, yellow) => {
    const bounds = slaBounds(at(now), official);
    expect(bounds).toEqual({ red: at(now), orange: at(orange), yellow: at(yellow) });
  });

  // The bounds must colour every deadline as slaColour does: every half hour over three weeks
  // around a long holiday, seen from several moments.
  it.each(['2025-01-24T09:00:00', '2025-01-27T23:59:59', '2025-02-03T12:00:00', '2026-09-30T16:00:00', '2026-11-26T15:59:00'])('agrees with slaColour seen from %s', (now) => {
    const bounds = slaBounds(at(now), official);
    const start = at(now).getTime() - 2 * 86_400_000;
    for (let t = start; t < start + 21 * 86_400_000; t += 30 * 60_000) {
      const closeBy = new Date(t);
      expect({ closeBy, colour: slaColourBetween(closeBy, bounds) }).toEqual({ closeBy, colour: slaColour(closeBy, at(now), official) });
    }
    // the deadline instant itself is still on time
    expect(slaColourBetween(at(now), bounds)).toBe(slaColour(at(now), at(now), official));
  });
});
