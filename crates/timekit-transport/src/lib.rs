//! The pluggable HTTP transport of the Timekit SDK.
