import { Body, Controller, Get, HttpCode, Logger, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WechatPayError } from '@msz/wechat';
import type { Request, Response } from 'express';
import { CurrentResident, CurrentStaff, Public, ResidentRoute, Roles, type ResidentPrincipal, type StaffPrincipal } from '../../common/auth/principal';
import { MyRewardDto, ProposeRewardDto, RejectRewardDto, RewardDetailDto, RewardDto, RewardEventDto } from './dto/points.dto';
import type { RewardEntity } from './points.entities';
import { RewardsService } from './rewards.service';
import { WechatPayProvider } from './wechatpay.provider';

const Id = () => Param('id', new ParseUUIDPipe());

/** Cash rewards through WeChat Pay's merchant transfer: proposed, approved by a second person, paid, confirmed. */
@ApiTags('rewards')
@ApiBearerAuth()
@Controller('api')
export class RewardsController {
  private readonly logger = new Logger('WechatPayNotify');

  constructor(
    private readonly rewards: RewardsService,
    private readonly pay: WechatPayProvider,
  ) {}

  @Post('rewards')
  @Roles('handler', 'unit_leader', 'dispatcher')
  @ApiOperation({ summary: 'Propose a cash reward for a household member (a village’s cadres for their village, or the office)' })
  @ApiOkResponse({ type: RewardDto })
  async propose(@CurrentStaff() staff: StaffPrincipal, @Body() body: ProposeRewardDto): Promise<RewardDto> {
    return RewardDto.of(await this.rewards.propose(staff, body));
  }

  @Get('rewards')
  @Roles('handler', 'unit_leader', 'dispatcher', 'city_leader')
  @ApiOperation({ summary: 'Rewards: all for the office and leaders, one’s own proposals for cadres' })
  @ApiOkResponse({ type: [RewardDto] })
  async list(@CurrentStaff() staff: StaffPrincipal): Promise<RewardDto[]> {
    return (await this.rewards.list(staff)).map((r) => RewardDto.of(r));
  }

  @Get('rewards/:id')
  @Roles('dispatcher', 'city_leader')
  @ApiOkResponse({ type: RewardDetailDto })
  async detail(@Id() id: string): Promise<RewardDetailDto> {
    return { ...RewardDto.of(await this.rewards.get(id)), events: (await this.rewards.history(id)).map((e) => RewardEventDto.of(e)) };
  }

  @Post('rewards/:id/approve')
  @HttpCode(200)
  @Roles('dispatcher', 'city_leader')
  @ApiOperation({ summary: 'Approve (not the proposer; within the month’s budget) and pay through WeChat Pay' })
  @ApiOkResponse({ type: RewardDto })
  async approve(@CurrentStaff() staff: StaffPrincipal, @Id() id: string): Promise<RewardDto> {
    return RewardDto.of(await this.rewards.approve(staff, id));
  }

  @Post('rewards/:id/reject')
  @HttpCode(200)
  @Roles('dispatcher', 'city_leader')
  @ApiOkResponse({ type: RewardDto })
  async reject(@CurrentStaff() staff: StaffPrincipal, @Id() id: string, @Body() body: RejectRewardDto): Promise<RewardDto> {
    return RewardDto.of(await this.rewards.reject(staff, id, body.reason));
  }

  @Post('rewards/reconcile')
  @HttpCode(200)
  @Roles('dispatcher')
  @ApiOperation({ summary: 'Ask WeChat Pay now about every reward still pending (the job does it every 5 minutes)' })
  @ApiOkResponse({ schema: { properties: { changed: { type: 'number' } } } })
  async reconcile(): Promise<{ changed: number }> {
    return { changed: await this.rewards.drain() };
  }

  @ResidentRoute()
  @Get('my/rewards')
  @ApiOperation({ summary: 'The resident’s rewards; one awaiting confirmation carries what wx.requestMerchantTransfer needs' })
  @ApiOkResponse({ type: [MyRewardDto] })
  async mine(@CurrentResident() resident: ResidentPrincipal): Promise<MyRewardDto[]> {
    return (await this.rewards.mine(resident)).map((r) => this.myReward(r));
  }

  @ResidentRoute()
  @Post('my/rewards/:id/refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'After confirming in WeChat: ask WeChat Pay for the reward’s state now' })
  @ApiOkResponse({ type: MyRewardDto })
  async refresh(@CurrentResident() resident: ResidentPrincipal, @Id() id: string): Promise<MyRewardDto> {
    return this.myReward(await this.rewards.residentRefresh(resident, id));
  }

  /**
   * WeChat Pay's callback (notify_url). Public by nature: each one is proven by WeChat Pay's
   * signature over the raw body instead. A bad one gets 401 and changes nothing; a replay gets 204
   * and changes nothing; WeChat Pay retries anything but 2xx.
   */
  @Public()
  @Post('wechatpay/notify')
  @ApiExcludeEndpoint()
  async notify(@Req() req: Request, @Res() res: Response): Promise<void> {
    const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    try {
      await this.rewards.notified(req.headers, raw);
      res.status(204).end();
    } catch (err) {
      if (err instanceof WechatPayError) {
        this.logger.warn(`refused a callback: ${err.code}`);
        res.status(401).json({ code: 'FAIL', message: '签名验证失败' });
        return;
      }
      throw err;
    }
  }

  private myReward(r: RewardEntity): MyRewardDto {
    const cfg = this.pay.settings;
    const waiting = r.state === 'wait_user_confirm';
    return {
      id: r.id,
      amountFen: r.amountFen,
      remark: r.remark,
      state: r.state,
      packageInfo: waiting ? r.packageInfo : null,
      mchId: waiting && cfg ? cfg.mchid : null,
      appId: waiting && cfg ? cfg.appid : null,
      createdAt: r.createdAt.toISOString(),
    };
  }
}
