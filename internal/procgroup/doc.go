// Package procgroup starts the lab's child processes (trials and builds) so
// that none of them outlives the lab, however the lab ends.
//
// Start makes a command the leader of a new process group. The lab kills
// the whole group (Group.Kill, Group.Close) when a trial times out, when a
// build or run is cancelled, and after the leader exits, so children the
// leader left behind die too. That covers every exit path the lab itself
// takes. Two more guards cover the paths it cannot take, such as SIGKILL:
//
//   - Pdeathsig (Linux and FreeBSD): the kernel sends SIGKILL to the
//     leader when the lab dies. On Linux the signal is tied to the thread
//     that started the child, not to the process: Go may end an idle
//     thread that a goroutine locked and left, and the leader would then
//     be killed in the middle of a healthy run. Start therefore starts
//     every group from one goroutine locked to its thread for the life of
//     the process, so that thread ends only with the process.
//   - The reaper: Pdeathsig reaches the leader only, not the processes it
//     started (the go command's compile and link, a probe's children). A
//     program that calls Main first thing in its main function (and test
//     binaries that call it in TestMain) gets a reaper: a copy of itself,
//     started by the first Start before its group (so that the reaper's
//     own start, milliseconds on a busy machine, is no window), which is
//     told every group the lab starts and finishes through a pipe. When the lab dies, however, the
//     kernel closes the pipe; the reaper then kills every group still open
//     and exits. It is in a process group of its own and ignores SIGINT,
//     SIGHUP, SIGQUIT and SIGTERM, so Ctrl-C and a kill of the lab's group
//     reach the lab, not the reaper, which ends when the lab does.
//
// What is left: a process that leaves its group (setsid, setpgid) escapes
// both the lab's kills and the reaper's. A group started while the lab
// is killed, between the start and its registration with the reaper
// (microseconds), loses only its leader's children, the leader dying of
// Pdeathsig. On Unix systems other than Linux and FreeBSD there is no
// Pdeathsig and the reaper alone kills the groups; in a program that
// does not call Main there is no reaper and Pdeathsig alone kills the
// leaders. On other systems (Windows) a command is started as is: Kill
// ends the command only, and nothing kills it when the lab dies.
package procgroup
