// Test target in TypeScript: throws from a nested function, so a mapped stack names this file and line.
interface Order {
  id: string;
  quantity: number;
}

function check(order: Order): number {
  if (order.quantity > 10) {
    throw new Error(`order ${order.id} is too large`);
  }
  return order.quantity;
}

export default {
  async fetch(request: Request): Promise<Response> {
    const order: Order = { id: "o-7", quantity: 99 };
    return new Response(String(check(order)));
  },
};
