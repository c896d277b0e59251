-- payment.completed can reach shipping before order.created (an event re-queued after a failed attempt, more than
-- one consumer): a row is kept for whichever comes first, and the order ships when it has both an address and a
-- payment. The row goes when the shipment is made.
ALTER TABLE order_addresses ALTER COLUMN customer_id DROP NOT NULL;
ALTER TABLE order_addresses ALTER COLUMN address DROP NOT NULL;
ALTER TABLE order_addresses ADD COLUMN paid_at TIMESTAMP;
