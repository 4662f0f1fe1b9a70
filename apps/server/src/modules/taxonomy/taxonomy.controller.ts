import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, type StaffPrincipal } from '../../common/auth/principal';
import { TaxonomyService } from './taxonomy.service';

@ApiTags('taxonomy')
@ApiBearerAuth()
@Controller('api/taxonomy')
export class TaxonomyController {
  constructor(private readonly taxonomy: TaxonomyService) {}

  @Get()
  @Roles('dispatcher', 'handler', 'unit_leader', 'city_leader', 'inspector')
  @ApiOkResponse({ description: 'kinds, deadline classes, departments, 4 categories and their sub-items (19 by default)' })
  get(): unknown {
    return this.taxonomy.current();
  }

  // The document is validated whole by the domain's parser (4 categories, each with sub-items, references).
  @Put()
  @Roles('admin')
  @ApiBody({ schema: { type: 'object' } })
  async replace(@CurrentStaff() staff: StaffPrincipal, @Body() body: Record<string, unknown>): Promise<unknown> {
    return this.taxonomy.replace(body, staff.username);
  }
}
