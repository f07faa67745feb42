//go:build maplab_off
// +build maplab_off

package main

func name() string { return "off" }
