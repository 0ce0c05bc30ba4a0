import { defineConfig } from 'tsvm/config'

export default defineConfig({
  networks: {
    // `npx toolkit node` serves a devnet here; deploy to it with `npx toolkit deploy --network local`.
    local: { url: 'http://127.0.0.1:8545' },
  },
})
