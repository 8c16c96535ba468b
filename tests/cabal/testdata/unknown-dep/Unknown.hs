module Unknown where
