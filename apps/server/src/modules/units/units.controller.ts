import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ANY_STAFF, CurrentStaff, Roles, type StaffPrincipal } from '../../common/auth/principal';
import { CreateStaffDto, ListStaffQuery, ResetPasswordDto, StaffDto, StaffPageDto, UpdateStaffDto } from './dto/staff.dto';
import { CreateUnitDto, ListUnitsQuery, UnitDto, UpdateUnitDto } from './dto/unit.dto';
import { StaffService } from './staff.service';
import { UnitsService } from './units.service';

const Id = () => Param('id', new ParseUUIDPipe({ version: undefined }));

/**
 * The organisation: units (/api/units) and staff accounts (/api/staff). Every route declares its
 * roles (the global guard refuses the rest): any member of staff reads units; changes need an admin.
 */
@ApiTags('organisation')
@ApiBearerAuth()
@Controller('api')
export class UnitsController {
  constructor(
    private readonly units: UnitsService,
    private readonly staff: StaffService,
  ) {}

  @Get('units')
  @Roles(...ANY_STAFF)
  @ApiOperation({ summary: 'List units (any member of staff), optionally by level or parent' })
  @ApiOkResponse({ type: [UnitDto] })
  async list(@Query() q: ListUnitsQuery): Promise<UnitDto[]> {
    return (await this.units.list(q)).map(UnitDto.from);
  }

  @Get('units/:id')
  @Roles(...ANY_STAFF)
  @ApiOperation({ summary: 'One unit (any member of staff)' })
  @ApiOkResponse({ type: UnitDto })
  @ApiNotFoundResponse()
  async get(@Id() id: string): Promise<UnitDto> {
    return UnitDto.from(await this.units.get(id));
  }

  @Post('units')
  @Roles('admin')
  @ApiOperation({ summary: 'Create a unit (admin)' })
  @ApiCreatedResponse({ type: UnitDto })
  @ApiBadRequestResponse({ description: 'malformed body, or a parent/supervisor that does not exist or does not fit' })
  @ApiForbiddenResponse()
  @ApiConflictResponse({ description: 'the code is taken' })
  async create(@Body() body: CreateUnitDto): Promise<UnitDto> {
    return UnitDto.from(await this.units.create(body));
  }

  @Patch('units/:id')
  @Roles('admin')
  @ApiOperation({ summary: 'Rename, move, or change the supervisor or centre of a unit (admin); code and level cannot change' })
  @ApiOkResponse({ type: UnitDto })
  @ApiBadRequestResponse()
  @ApiForbiddenResponse()
  @ApiNotFoundResponse()
  async update(@Id() id: string, @Body() body: UpdateUnitDto): Promise<UnitDto> {
    return UnitDto.from(await this.units.update(id, body));
  }

  @Get('staff')
  @Roles('dispatcher', 'admin')
  @ApiOperation({ summary: 'List staff (admin, dispatcher); phone numbers are masked unless the caller is an admin' })
  @ApiOkResponse({ type: StaffPageDto })
  @ApiForbiddenResponse()
  async listStaff(@CurrentStaff() caller: StaffPrincipal, @Query() q: ListStaffQuery): Promise<StaffPageDto> {
    const [items, total] = await this.staff.list(q);
    const maskPhone = caller.role !== 'admin';
    return { items: items.map((s) => StaffDto.from(s, { maskPhone })), total };
  }

  @Post('staff')
  @Roles('admin')
  @ApiOperation({ summary: 'Create a staff account (admin)' })
  @ApiCreatedResponse({ type: StaffDto })
  @ApiBadRequestResponse({ description: 'malformed body or unknown unit' })
  @ApiForbiddenResponse()
  @ApiConflictResponse({ description: 'the username is taken' })
  async createStaff(@Body() body: CreateStaffDto): Promise<StaffDto> {
    return StaffDto.from(await this.staff.create(body), { maskPhone: false });
  }

  @Patch('staff/:id')
  @Roles('admin')
  @ApiOperation({ summary: 'Disable or re-enable an account, change its role, unit or name (admin); a change of state, role or unit ends its sessions' })
  @ApiOkResponse({ type: StaffDto })
  @ApiBadRequestResponse({ description: 'malformed body or unknown unit' })
  @ApiForbiddenResponse()
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'an admin cannot disable or demote their own account' })
  async updateStaff(@CurrentStaff() caller: StaffPrincipal, @Id() id: string, @Body() body: UpdateStaffDto): Promise<StaffDto> {
    return StaffDto.from(await this.staff.update(caller, id, body), { maskPhone: false });
  }

  @Post('staff/:id/password')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({ summary: "Reset an account's password (admin); its sessions end" })
  @ApiNoContentResponse()
  @ApiBadRequestResponse()
  @ApiForbiddenResponse()
  @ApiNotFoundResponse()
  async resetPassword(@Id() id: string, @Body() body: ResetPasswordDto): Promise<void> {
    await this.staff.resetPassword(id, body.password);
  }
}
