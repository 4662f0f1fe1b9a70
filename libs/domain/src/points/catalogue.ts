import { DomainError } from '../shared/domain-error';

/** Goods a village station offers for points (化肥, 种子, 洗衣粉…), with the stock on its shelf. */
export interface CatalogueItemInput {
  name: string;
  unit: string;
  pointsPrice: number;
  stock: number;
}

export function checkCatalogueItem(input: CatalogueItemInput): CatalogueItemInput {
  const name = input.name.trim();
  const unit = input.unit.trim();
  if (name.length === 0 || name.length > 40) throw new DomainError('CATALOGUE_ITEM_INVALID', 'an item needs a name of at most 40 characters');
  if (unit.length === 0 || unit.length > 8) throw new DomainError('CATALOGUE_ITEM_INVALID', 'an item needs a unit (袋, 瓶, 斤) of at most 8 characters');
  if (!Number.isInteger(input.pointsPrice) || input.pointsPrice < 1 || input.pointsPrice > 10_000) throw new DomainError('CATALOGUE_ITEM_INVALID', 'a price is 1 to 10000 points');
  if (!Number.isInteger(input.stock) || input.stock < 0 || input.stock > 1_000_000) throw new DomainError('CATALOGUE_ITEM_INVALID', 'stock is a whole number, never negative');
  return { name, unit, pointsPrice: input.pointsPrice, stock: input.stock };
}

/** What taking `quantity` of an item costs, and the shelf after; both never go below zero. */
export function planRedemption(item: { pointsPrice: number; stock: number }, quantity: number): { cost: number; stockAfter: number } {
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > 100) throw new DomainError('POINTS_AMOUNT_INVALID', 'quantity is 1 to 100', { quantity });
  if (item.stock < quantity) throw new DomainError('STOCK_INSUFFICIENT', 'not enough on the shelf', { stock: item.stock, quantity });
  return { cost: item.pointsPrice * quantity, stockAfter: item.stock - quantity };
}

/** What a household can get now: items in stock it can afford, and how many of each. */
export function affordable<T extends { pointsPrice: number; stock: number }>(items: ReadonlyArray<T>, balance: number): Array<T & { canTake: number }> {
  return items
    .map((item) => ({ ...item, canTake: Math.min(item.stock, Math.floor(balance / item.pointsPrice)) }))
    .filter((item) => item.canTake > 0);
}
