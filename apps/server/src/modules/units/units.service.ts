import { BadRequestException, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type FindOptionsWhere } from 'typeorm';
import { AppError, notFound } from '../../common/errors/app-error';
import { parentProblem } from './hierarchy';
import type { CreateUnitDto, ListUnitsQuery, UpdateUnitDto } from './dto/unit.dto';
import { StaffUserEntity } from './staff-user.entity';
import { UnitEntity, type UnitLevel } from './unit.entity';

const isUniqueViolation = (err: unknown) => (err as { driverError?: { code?: string } })?.driverError?.code === '23505';

/** The organisation tree as staff maintain it through the API; the same rules as the file loader. */
@Injectable()
export class UnitsService {
  constructor(private readonly ds: DataSource) {}

  list(q: ListUnitsQuery): Promise<UnitEntity[]> {
    const where: FindOptionsWhere<UnitEntity> = {};
    if (q.level) where.level = q.level;
    if (q.parentId) where.parentId = q.parentId;
    return this.ds.getRepository(UnitEntity).find({ where, order: { code: 'ASC' } });
  }

  async get(id: string): Promise<UnitEntity> {
    const unit = await this.ds.getRepository(UnitEntity).findOneBy({ id });
    if (!unit) throw notFound('unit');
    return unit;
  }

  async create(dto: CreateUnitDto): Promise<UnitEntity> {
    try {
      return await this.ds.transaction(async (m) => {
        const units = m.getRepository(UnitEntity);
        if (await units.existsBy({ code: dto.code })) throw new AppError('CONFLICT', `a unit with code "${dto.code}" already exists`);
        if (dto.level === 'city' && (await units.existsBy({ level: 'city' }))) throw new AppError('CONFLICT', 'there is already a city command centre');
        await this.checkParent(m, dto.level, dto.parentId ?? null, null);
        if (dto.supervisorId) await this.checkSupervisor(m, dto.supervisorId);
        const unit = units.create({
          code: dto.code,
          name: dto.name.trim(),
          level: dto.level,
          parentId: dto.parentId ?? null,
          supervisorId: dto.supervisorId ?? null,
          sample: false,
          centerLat: dto.center?.lat ?? null,
          centerLng: dto.center?.lng ?? null,
        });
        return units.save(unit);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('CONFLICT', `a unit with code "${dto.code}" already exists`);
      throw err;
    }
  }

  async update(id: string, dto: UpdateUnitDto): Promise<UnitEntity> {
    return this.ds.transaction(async (m) => {
      const units = m.getRepository(UnitEntity);
      const unit = await units.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!unit) throw notFound('unit');
      if (dto.name !== undefined) unit.name = dto.name.trim();
      if (dto.parentId !== undefined) {
        await this.checkParent(m, unit.level, dto.parentId, unit.id);
        unit.parentId = dto.parentId;
      }
      if (dto.supervisorId !== undefined) {
        if (dto.supervisorId !== null) await this.checkSupervisor(m, dto.supervisorId);
        unit.supervisorId = dto.supervisorId;
      }
      if (dto.center !== undefined) {
        unit.centerLat = dto.center?.lat ?? null;
        unit.centerLng = dto.center?.lng ?? null;
      }
      return units.save(unit);
    });
  }

  /** The parent exists, has a level this unit may sit under, and is not the unit itself or below it. */
  private async checkParent(m: EntityManager, level: UnitLevel, parentId: string | null, self: string | null): Promise<void> {
    if (parentId === null) {
      const problem = parentProblem(level, null);
      if (problem) throw new BadRequestException(`parentId: ${problem}`);
      return;
    }
    const units = m.getRepository(UnitEntity);
    const parent = await units.findOneBy({ id: parentId });
    if (!parent) throw new BadRequestException(`parentId: no unit with id ${parentId}`);
    const problem = parentProblem(level, parent.level);
    if (problem) throw new BadRequestException(`parentId: "${parent.name}" is a ${parent.level}; ${problem}`);
    // Climb from the new parent: meeting this unit would close a loop.
    for (let at: UnitEntity | null = parent, steps = 0; at && steps < 64; steps++) {
      if (at.id === self) throw new BadRequestException('parentId: a unit cannot be placed under itself or one of its own sub-units');
      at = at.parentId ? await units.findOneBy({ id: at.parentId }) : null;
    }
  }

  private async checkSupervisor(m: EntityManager, staffId: string): Promise<void> {
    const leader = await m.getRepository(StaffUserEntity).findOneBy({ id: staffId });
    if (!leader) throw new BadRequestException(`supervisorId: no member of staff with id ${staffId}`);
    if (leader.role !== 'city_leader') throw new BadRequestException(`supervisorId: ${leader.displayName} is a ${leader.role}, not a city_leader`);
    if (!leader.active) throw new BadRequestException(`supervisorId: ${leader.displayName} is not active`);
  }
}
