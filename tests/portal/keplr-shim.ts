// A stand-in for Keplr in the browser tests: window.keplr backed by a CosmJS
// signer over a test key (window.__TEST_KEY, hex). Bundled by portal.test.cjs
// and injected before the portal loads. It records what the portal asked.

import { DirectSecp256k1Wallet, type OfflineDirectSigner } from "@cosmjs/proto-signing";

declare global {
  interface Window {
    __TEST_KEY: string;
    __keplrCalls: string[];
  }
}

function fromHex(hex: string): Uint8Array {
  return new Uint8Array(hex.match(/../g)!.map((b) => parseInt(b, 16)));
}

let wallet: Promise<DirectSecp256k1Wallet> | undefined;
const getWallet = () => (wallet ??= DirectSecp256k1Wallet.fromKey(fromHex(window.__TEST_KEY), "session"));

window.__keplrCalls = [];
(window as unknown as { keplr: unknown }).keplr = {
  async experimentalSuggestChain(info: { chainId: string }) {
    window.__keplrCalls.push(`suggest ${info.chainId}`);
  },
  async enable(chainId: string) {
    window.__keplrCalls.push(`enable ${chainId}`);
  },
  getOfflineSigner(chainId: string): OfflineDirectSigner {
    window.__keplrCalls.push(`signer ${chainId}`);
    return {
      getAccounts: async () => (await getWallet()).getAccounts(),
      signDirect: async (address, doc) => {
        window.__keplrCalls.push(`signDirect ${address}`);
        return (await getWallet()).signDirect(address, doc);
      },
    };
  },
};
