/** What other modules may use of the message archive (the control plane, the benchmark). */
export { MsgauditState, type ArchiveKey, type ArchiveStatus, type Room, type Robot } from './state.js';
export { MSGTYPES, MEDIA_TYPES, type Msgtype } from './messages.js';
export { pullChatData } from './routes.js';
export { ArchiveInputError, registerKey, simulateChat, generateHistory, type ChatInput } from './simulate.js';
