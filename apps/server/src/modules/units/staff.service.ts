import { BadRequestException, Injectable } from '@nestjs/common';
import { DataSource, type FindOptionsWhere } from 'typeorm';
import { hashPassword } from '../../common/auth/password';
import { AppError, notFound } from '../../common/errors/app-error';
import { StaffSessions } from '../../common/auth/staff-sessions';
import type { StaffPrincipal } from '../../common/auth/principal';
import type { CreateStaffDto, ListStaffQuery, UpdateStaffDto } from './dto/staff.dto';
import { StaffUserEntity } from './staff-user.entity';
import { UnitEntity } from './unit.entity';

const isUniqueViolation = (err: unknown) => (err as { driverError?: { code?: string } })?.driverError?.code === '23505';

/** Staff accounts as an admin maintains them. */
@Injectable()
export class StaffService {
  constructor(
    private readonly ds: DataSource,
    private readonly sessions: StaffSessions,
  ) {}

  list(q: ListStaffQuery): Promise<[StaffUserEntity[], number]> {
    const where: FindOptionsWhere<StaffUserEntity> = {};
    if (q.unitId) where.unitId = q.unitId;
    if (q.role) where.role = q.role;
    return this.ds.getRepository(StaffUserEntity).findAndCount({ where, order: { username: 'ASC' }, take: q.limit, skip: q.offset });
  }

  async create(dto: CreateStaffDto): Promise<StaffUserEntity> {
    const duplicate = () => new AppError('CONFLICT', `the username "${dto.username}" is taken`);
    const staff = this.ds.getRepository(StaffUserEntity);
    if (await staff.existsBy({ username: dto.username })) throw duplicate();
    if (!(await this.ds.getRepository(UnitEntity).existsBy({ id: dto.unitId }))) throw new BadRequestException(`unitId: no unit with id ${dto.unitId}`);
    try {
      return await staff.save(
        staff.create({
          username: dto.username,
          displayName: dto.displayName.trim(),
          role: dto.role,
          unitId: dto.unitId,
          phone: dto.phone ?? null,
          openid: dto.openid ?? null,
          passwordHash: await hashPassword(dto.password),
          active: true,
        }),
      );
    } catch (err) {
      // Two admins creating the same name at once: the unique index decides.
      if (isUniqueViolation(err)) throw duplicate();
      throw err;
    }
  }

  /**
   * Disables or re-enables an account, or changes its role, unit or name. Any change but the name
   * ends the account's sessions: its tokens carry the old role and unit.
   */
  async update(admin: StaffPrincipal, id: string, dto: UpdateStaffDto): Promise<StaffUserEntity> {
    return this.ds.transaction(async (m) => {
      const staff = await m.getRepository(StaffUserEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!staff) throw notFound('staff account');
      // An admin who disables or demotes themselves may leave nobody to undo it.
      if (id === admin.id && (dto.active === false || (dto.role !== undefined && dto.role !== 'admin'))) {
        throw new AppError('CONFLICT', 'an admin cannot disable or demote their own account');
      }
      if (dto.unitId !== undefined && !(await m.getRepository(UnitEntity).existsBy({ id: dto.unitId }))) throw new BadRequestException(`unitId: no unit with id ${dto.unitId}`);
      const endsSessions =
        (dto.active !== undefined && dto.active !== staff.active) || (dto.role !== undefined && dto.role !== staff.role) || (dto.unitId !== undefined && dto.unitId !== staff.unitId);
      Object.assign(staff, {
        ...(dto.active !== undefined ? { active: dto.active } : {}),
        ...(dto.role !== undefined ? { role: dto.role } : {}),
        ...(dto.unitId !== undefined ? { unitId: dto.unitId } : {}),
        ...(dto.displayName !== undefined ? { displayName: dto.displayName.trim() } : {}),
      });
      await m.getRepository(StaffUserEntity).save(staff);
      if (endsSessions) {
        await this.sessions.revokeAll(id, m);
        staff.tokenVersion += 1;
      }
      return staff;
    });
  }

  /** Sets a new password (an admin's reset); every session of the account ends. */
  async resetPassword(id: string, password: string): Promise<void> {
    const passwordHash = await hashPassword(password);
    await this.ds.transaction(async (m) => {
      const result = await m.update(StaffUserEntity, { id }, { passwordHash });
      if (!result.affected) throw notFound('staff account');
      await this.sessions.revokeAll(id, m);
    });
  }
}
