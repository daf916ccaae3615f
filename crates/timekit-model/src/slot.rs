//! (being written: owned by the availability work)
