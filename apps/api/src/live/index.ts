export {
  createLiveHub,
  inScope,
  publishLive,
  LIVE_CHANNEL,
  type ChannelSubscriber,
  type LiveHub,
  type LiveNotice,
  type LiveSource,
} from './hub.ts';
export { registerLiveRoutes } from './routes.ts';
