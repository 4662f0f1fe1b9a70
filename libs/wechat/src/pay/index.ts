export type { TransferBill, TransferNotification, TransferRequest, WechatPayClientOptions } from './transfer-client';
export { WechatPayError, WechatPayTransfers } from './transfer-client';
