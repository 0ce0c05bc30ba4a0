// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

contract ERC20 {
    string public name; string public symbol; uint8 public decimals; uint256 public totalSupply; address public owner;
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;
    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);
    constructor(string memory n, string memory s, uint8 d, uint256 supply) {
        name = n; symbol = s; decimals = d; owner = msg.sender;
        totalSupply = supply; balanceOf[msg.sender] = supply; emit Transfer(address(0), msg.sender, supply);
    }
    function transfer(address to, uint256 amount) external returns (bool) { _move(msg.sender, to, amount); return true; }
    function approve(address spender, uint256 amount) external returns (bool) {
        allowance[msg.sender][spender] = amount; emit Approval(msg.sender, spender, amount); return true;
    }
    function transferFrom(address from, address to, uint256 amount) external returns (bool) {
        uint256 a = allowance[from][msg.sender]; require(a >= amount, "insufficient allowance");
        allowance[from][msg.sender] = a - amount; _move(from, to, amount); return true;
    }
    function _move(address from, address to, uint256 amount) internal {
        require(to != address(0), "invalid recipient");
        uint256 have = balanceOf[from]; require(have >= amount, "insufficient balance");
        balanceOf[from] = have - amount; balanceOf[to] += amount; emit Transfer(from, to, amount);
    }
}

interface IERC20 { function transferFrom(address, address, uint256) external returns (bool); function transfer(address, uint256) external returns (bool); }

contract AMM {
    struct Pool { address token0; address token1; uint256 reserve0; uint256 reserve1; uint256 totalShares; }
    mapping(bytes32 => Pool) public pools;
    mapping(bytes32 => mapping(address => uint256)) public shares;
    event Swap(bytes32 pool, address sender, address tokenIn, uint256 amountIn, uint256 amountOut, address to);
    function _id(address a, address b) internal pure returns (bytes32, address, address) {
        require(a != b, "identical"); (address t0, address t1) = a < b ? (a, b) : (b, a); return (keccak256(abi.encodePacked(t0, t1)), t0, t1);
    }
    function createPool(address a, address b) external { (bytes32 id, address t0, address t1) = _id(a, b); require(pools[id].token0 == address(0), "exists"); pools[id] = Pool(t0, t1, 0, 0, 0); }
    function addLiquidity(address a, address b, uint256 amountA, uint256 amountB) external {
        (bytes32 id, , ) = _id(a, b); Pool storage p = pools[id]; require(p.token0 != address(0), "no pool");
        IERC20(a).transferFrom(msg.sender, address(this), amountA); IERC20(b).transferFrom(msg.sender, address(this), amountB);
        (uint256 a0, uint256 a1) = a == p.token0 ? (amountA, amountB) : (amountB, amountA);
        p.reserve0 += a0; p.reserve1 += a1; uint256 s = a0 < a1 ? a0 : a1; p.totalShares += s; shares[id][msg.sender] += s;
    }
    function swapExactIn(address tokenIn, address tokenOut, uint256 amountIn, uint256 minOut, address to) external returns (uint256 amountOut) {
        require(to != address(0), "invalid recipient"); require(amountIn > 0, "amount in");
        (bytes32 id, , ) = _id(tokenIn, tokenOut); Pool storage p = pools[id]; require(p.token0 != address(0), "no pool");
        bool inIs0 = tokenIn == p.token0;
        (uint256 rIn, uint256 rOut) = inIs0 ? (p.reserve0, p.reserve1) : (p.reserve1, p.reserve0);
        uint256 inWithFee = amountIn * 997;
        amountOut = (inWithFee * rOut) / (rIn * 1000 + inWithFee);
        require(amountOut >= minOut, "slippage"); require(amountOut > 0, "zero out");
        IERC20(tokenIn).transferFrom(msg.sender, address(this), amountIn);
        IERC20(tokenOut).transfer(to, amountOut);
        uint256 nIn = rIn + amountIn; uint256 nOut = rOut - amountOut; require(nIn * nOut >= rIn * rOut, "k");
        if (inIs0) { p.reserve0 = nIn; p.reserve1 = nOut; } else { p.reserve0 = nOut; p.reserve1 = nIn; }
        emit Swap(id, msg.sender, tokenIn, amountIn, amountOut, to);
    }
}
