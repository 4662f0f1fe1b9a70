import { BadRequestException, Injectable } from '@nestjs/common';
import { DataSource, type FindOptionsWhere } from 'typeorm';
import { hashPassword } from '../../common/auth/password';
import { AppError } from '../../common/errors/app-error';
import type { CreateStaffDto, ListStaffQuery } from './dto/staff.dto';
import { StaffUserEntity } from './staff-user.entity';
import { UnitEntity } from './unit.entity';

const isUniqueViolation = (err: unknown) => (err as { driverError?: { code?: string } })?.driverError?.code === '23505';

/** Staff accounts as an admin maintains them. */
@Injectable()
export class StaffService {
  constructor(private readonly ds: DataSource) {}

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
}
