import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { FakeWechatPay, WechatPayTransfers } from '@msz/wechat';
import { APP_CONFIG, type AppConfig, type WechatPayConfig } from '../../config/app-config';

/**
 * The WeChat Pay client for rewards: the merchant's real account, or in the sandbox a fake WeChat
 * Pay started here with keys made at boot (nothing to configure, nothing real paid).
 */
@Injectable()
export class WechatPayProvider implements OnApplicationShutdown {
  private readonly logger = new Logger('WechatPay');
  private client: Promise<WechatPayTransfers> | null = null;
  private closeFake: (() => Promise<void>) | null = null;
  /** The sandbox's fake, so that the sandbox page can play the resident confirming receipt. */
  fake: FakeWechatPay | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get settings(): WechatPayConfig | null {
    return this.config.wechatpay;
  }

  /** The client, or null when WeChat Pay is not configured (production without a merchant account). */
  transfers(): Promise<WechatPayTransfers> | null {
    const cfg = this.config.wechatpay;
    if (!cfg) return null;
    this.client ??= cfg.mode === 'live' ? Promise.resolve(new WechatPayTransfers({ ...cfg, baseURL: cfg.apiBase })) : this.startFake(cfg);
    return this.client;
  }

  private async startFake(cfg: WechatPayConfig): Promise<WechatPayTransfers> {
    const merchant = FakeWechatPay.keyPair();
    const serial = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';
    this.fake = new FakeWechatPay({ mchid: cfg.mchid, appid: cfg.appid, merchantSerial: serial, merchantPublicKey: merchant.publicKey, apiV3Key: cfg.apiV3Key });
    const server = await this.fake.listen();
    this.closeFake = server.close;
    this.logger.log(`sandbox: fake WeChat Pay at ${server.baseUrl}`);
    return new WechatPayTransfers({ mchid: cfg.mchid, serial, privateKey: merchant.privateKey, publicKeyId: this.fake.platformPublicKeyId, publicKey: this.fake.platformPublicKey, apiV3Key: cfg.apiV3Key, baseURL: server.baseUrl, appid: cfg.appid });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.closeFake?.();
  }
}
