// Test app for the dashboard: logs a line for each order, and fails /fail from a nested function, so the
// dashboard's failed requests show a stack mapped to this file.
interface Order {
  id: number;
  quantity: number;
}

let placed = 0;

function reserve(order: Order): void {
  if (order.quantity > 10) {
    throw new Error(`order ${order.id}: only 10 in stock`);
  }
}

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const order: Order = { id: ++placed, quantity: url.pathname === "/fail" ? 99 : 1 };
    console.log(`order ${order.id} placed for ${order.quantity}`);
    reserve(order);
    return Response.json({ order: order.id });
  },
};
