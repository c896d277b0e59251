-- The statuses the code knows (OrderStatus): a status written by hand or by a bug is refused, not read back as an
-- error on every later request.
ALTER TABLE orders ADD CONSTRAINT orders_status_known CHECK (status IN ('PENDING', 'PAID', 'SHIPPED', 'CANCELLED'));
