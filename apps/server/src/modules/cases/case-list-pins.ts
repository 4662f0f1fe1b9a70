import { Injectable } from '@nestjs/common';

/**
 * A feature that pins cases to the top of every staff list (an emergency nobody has acknowledged
 * yet). It gives SQL, so the list stays one query and the case module need not know the feature.
 */
export interface CaseListPin {
  /**
   * A subquery of the case ids pinned at the instant `atSql` (a timestamptz expression). Whether a
   * case was pinned at a given instant must never change afterwards: a list pages through a snapshot
   * of the pins taken at its first page, so no case is shown twice or skipped.
   */
  pinnedIdsSql(atSql: string): string;
}

/** Features register here (like CaseEvents): the dependency points from the feature to cases. */
@Injectable()
export class CaseListPins {
  private readonly pins: CaseListPin[] = [];

  register(pin: CaseListPin): void {
    this.pins.push(pin);
  }

  /** The ids pinned at the instant `atSql()` names, or null when no feature pins anything (and `atSql` is not called). */
  idsSql(atSql: () => string): string | null {
    if (this.pins.length === 0) return null;
    const at = atSql();
    return this.pins.map((p) => p.pinnedIdsSql(at)).join(' UNION ');
  }
}
