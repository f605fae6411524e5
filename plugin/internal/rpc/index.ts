/** rpc/: what the plugin needs of a node connection (its provider). */
export type { Eip1193Provider } from "./provider.ts";
