// Hardhat's own network (EDR): automine, chain id 31337, the default dev mnemonic.
module.exports = { solidity: '0.8.28', networks: { hardhat: { chainId: 31337, mining: { auto: true }, accounts: { count: 12 } } } }
